// chart.js wrappers: one chart per canvas, replaced on every refresh.
const charts = new Map();
const PALETTE = ['#4338ca', '#0891b2', '#16a34a', '#d97706', '#dc2626', '#7c3aed', '#db2777', '#0d9488', '#65a30d', '#475569'];

export function drawChart(id, config) {
  charts.get(id)?.destroy();
  const canvas = document.getElementById(id);
  const chart = new window.Chart(canvas, { ...config, options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options } });
  charts.set(id, chart);
  return chart;
}

export const colour = (i) => PALETTE[i % PALETTE.length];
