// The agent console's entry point: sign in and out, then wire the live event stream to the sidebar lists and the
// open conversation. Each concern lives in its own module; text always goes into the page with textContent.
import { api, state, ui } from './console-state.js';
import { closeConversation, initConversation, loadConversation, openConversation } from './conversation-view.js';
import { connectEvents, disconnectEvents } from './live-events.js';
import { initLists, renderLists } from './side-lists.js';

function showSignin() {
  state.me = null;
  disconnectEvents();
  ui.who.hidden = true;
  ui.consoleView.hidden = true;
  ui.signinView.hidden = false;
  ui.loginUser.focus();
}

function showConsole(me) {
  state.me = me;
  ui.whoName.textContent = me.username;
  ui.who.hidden = false;
  ui.signinView.hidden = true;
  ui.consoleView.hidden = false;
  connectEvents({
    onSnapshot: renderLists,
    // Only the open conversation needs a reload; the lists come with the next `queue` event.
    onConversation: ({ conversationId }) => {
      if (conversationId === state.openId) void loadConversation(conversationId, { quiet: true });
    },
    onResync: () => {
      if (state.openId) void loadConversation(state.openId, { quiet: true });
    },
    onSignedOut: showSignin,
  });
}

ui.loginForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  ui.loginError.textContent = '';
  const username = ui.loginUser.value.trim();
  const password = ui.loginPassword.value;
  if (!username || !password) {
    ui.loginError.textContent = 'Enter your username and password.';
    return;
  }
  ui.loginSubmit.disabled = true;
  try {
    const me = await api('/api/auth/login', { body: { username, password } });
    ui.loginPassword.value = '';
    showConsole(me);
  } catch (error) {
    ui.loginError.textContent = error.message;
  } finally {
    ui.loginSubmit.disabled = false;
  }
});

ui.signout.addEventListener('click', async () => {
  try { await api('/api/auth/logout', { method: 'POST' }); } catch { /* signed out locally either way */ }
  closeConversation();
  showSignin();
});

initLists(openConversation);
initConversation(renderLists);
api('/api/auth/me').then(showConsole, () => showSignin());
