// Small tables with a CSV link each (the API's ?format=csv), built with textContent only.
import { make } from '/shared/dom.js';

export function renderTable(container, { columns, rows, csvHref, empty = 'Nothing in this period.' }) {
  container.replaceChildren();
  if (csvHref) {
    const link = make('a', 'csv-link', 'Download CSV');
    link.href = csvHref;
    container.append(link);
  }
  if (rows.length === 0) {
    container.append(make('p', 'empty', empty));
    return;
  }
  const wrap = make('div', 'table-wrap');
  const table = make('table');
  const head = make('tr');
  for (const c of columns) head.append(make('th', '', c));
  table.append(make('thead'));
  table.tHead.append(head);
  const body = make('tbody');
  for (const row of rows) {
    const tr = make('tr');
    for (const cell of row) {
      const td = make('td');
      if (cell instanceof window.Node) td.append(cell);
      else td.textContent = cell === null || cell === undefined ? '—' : String(cell);
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  wrap.append(table);
  container.append(wrap);
}

export const pct = (x) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
