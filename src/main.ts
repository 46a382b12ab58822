// Process entry: start the server, print where to find it, shut down cleanly on SIGTERM/SIGINT.
import { startServer } from './app.js';
import { demoCustomerExamples } from './crm/demo-seed.js';
import { isAppError } from './app-error.js';

async function main(): Promise<void> {
  const started = performance.now();
  const server = await startServer();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`\nConcierge is ready in ${seconds}s — web chat: ${server.url}/  (store: ${server.store.kind}, data: ${server.config.mongo ? 'MongoDB' : server.config.dataDir})`);
  const examples = server.config.seedDemoData ? await demoCustomerExamples(server.store) : [];
  if (examples.length > 0) {
    console.log(`Try signing in to the chat as a demo customer: ${examples.map((c) => `${c.id} (${c.name})`).join(', ')}`);
  }

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) {
      // A second signal: the operator does not want to wait for the turns in flight.
      console.error(`${signal} received again, exiting without waiting`);
      process.exit(1);
    }
    closing = true;
    console.log(`\n${signal} received: finishing turns in flight (up to ${server.config.shutdownTimeoutMs} ms), then closing…`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  // A stray rejection must not take every customer's conversation down with it: log it and keep serving.
  process.on('unhandledRejection', (reason) => console.error('Unhandled rejection:', reason));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

// The process error boundary: say what went wrong in one line (a stack only for unexpected errors) and exit non-zero.
main().catch((error: unknown) => {
  if (isAppError(error)) console.error(`Concierge could not start: [${error.code}] ${error.message}`);
  else console.error('Concierge could not start:', error);
  process.exit(1);
});
