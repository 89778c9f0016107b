import { h, setText } from './dom.js';

const CELLS = [
  'name',
  'kind',
  'status',
  'position',
  'head',
  'lag',
  'deadLetters',
  'lastError',
  'holder',
  'actions',
];
const NUMBERS = new Set(['position', 'head', 'lag', 'deadLetters']);

/** The actions a processor offers in its state; the API refuses anything else anyway. */
function actionsOf(processor) {
  const kind = processor.kind ?? 'projection';
  const actions = [];
  if (kind === 'projection') actions.push({ id: 'rebuild', label: 'Rebuild' });
  if (processor.status === 'failed' && processor.deadLetters !== undefined) {
    actions.push({ id: 'skip', label: 'Skip failing event' });
  }
  if (processor.deadLetters > 0) actions.push({ id: 'dead-letters', label: 'Dead letters' });
  return actions;
}

/**
 * The processors table, updated in place on every poll: a row per processor, keyed by name, its
 * cells rewritten only when their text changes and its buttons only when the choice of actions
 * does, so that polling never moves the keyboard focus or repeats itself to a screen reader.
 */
export class ProcessorsTable {
  constructor(table, onAction) {
    this.table = table;
    this.body = table.tBodies[0];
    this.onAction = onAction;
    this.rows = new Map();
  }

  render(processors) {
    const names = new Set(processors.map((processor) => processor.name));
    for (const [name, row] of this.rows) {
      if (!names.has(name)) {
        row.element.remove();
        this.rows.delete(name);
      }
    }
    // The lease holder column only where the server says who holds each lease.
    const holders = processors.some((processor) => processor.holder !== undefined);
    this.table.querySelectorAll('thead th')[CELLS.indexOf('holder')].hidden = !holders;
    for (const processor of processors) this.renderRow(processor, holders);
  }

  clear() {
    this.body.replaceChildren();
    this.rows.clear();
  }

  renderRow(processor, holders) {
    let row = this.rows.get(processor.name);
    if (!row) {
      const cells = Object.fromEntries(
        CELLS.map((cell) => [
          cell,
          h(cell === 'name' ? 'th' : 'td', {
            class: NUMBERS.has(cell) ? `cell-${cell} number` : `cell-${cell}`,
          }),
        ]),
      );
      cells.name.setAttribute('scope', 'row');
      row = { element: h('tr', { 'data-name': processor.name }, Object.values(cells)), cells, actions: '' };
      this.rows.set(processor.name, row);
      this.body.append(row.element);
    }
    row.processor = processor;
    const { cells } = row;
    const failed = processor.status === 'failed';
    row.element.classList.toggle('failed', failed);
    setText(cells.name, processor.name);
    setText(cells.kind, processor.kind ?? 'projection');
    if (!cells.status.firstChild) cells.status.append(h('span'));
    cells.status.firstChild.className = `status status-${processor.status}`;
    setText(cells.status.firstChild, processor.status);
    setText(cells.position, processor.position);
    setText(cells.head, processor.headPosition);
    setText(cells.lag, processor.lag);
    setText(cells.deadLetters, processor.deadLetters ?? '');
    setText(cells.lastError, processor.lastError ?? '');
    cells.holder.hidden = !holders;
    setText(cells.holder, processor.holder ?? '');
    const actions = actionsOf(processor);
    const signature = actions.map((action) => action.id).join(' ');
    if (signature !== row.actions) {
      row.actions = signature;
      cells.actions.replaceChildren(
        ...actions.map((action) =>
          h(
            'button',
            {
              type: 'button',
              'data-action': action.id,
              'aria-label': `${action.label}: ${processor.name}`,
              onclick: () => this.onAction(action.id, row.processor),
            },
            action.label,
          ),
        ),
      );
    }
  }
}
