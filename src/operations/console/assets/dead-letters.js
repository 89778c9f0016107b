import { segment } from './api.js';
import { confirmAction } from './confirm.js';
import { byId, h, when } from './dom.js';

/**
 * Dead letters: the events a processor set aside when an operator skipped them. Skipping shows the
 * failing event (from the log) and the error first; the list of a processor's dead letters offers a
 * retry to reactors and forwarders (a projection's view is rebuilt, never patched).
 */
export class DeadLetters {
  constructor({ api, section, showError, message, openEvent }) {
    this.api = api;
    this.section = section;
    this.body = section.querySelector('tbody');
    this.showError = showError;
    this.message = message;
    this.openEvent = openEvent;
    this.processor = undefined;
    byId('dead-letters-close').addEventListener('click', () => this.clear());
  }

  clear() {
    this.processor = undefined;
    this.body.replaceChildren();
    this.section.hidden = true;
  }

  async skip(processor, done) {
    const { name, failedPosition, lastError } = processor;
    let event;
    try {
      event = await this.api.get(`/log/events/${segment(failedPosition)}`);
    } catch (error) {
      return this.showError(error);
    }
    const sure = await confirmAction({
      title: `Skip the event at position ${failedPosition} for ${name}?`,
      body: [
        `${name} stopped right before this event, and will resume after it. The event is set aside as a dead letter of ${name}; no other processor is affected.`,
        h('p', {}, h('strong', {}, 'Error: '), lastError ?? ''),
        h(
          'p',
          {},
          h('strong', {}, `${event.type}`),
          ` #${event.position} of ${event.streamType} ${event.streamId}`,
        ),
        h('pre', { 'aria-label': 'The failing event' }, JSON.stringify(event.data, null, 2)),
      ],
      action: 'Skip this event',
    });
    if (!sure) return;
    try {
      await this.api.post(`/projections/${segment(name)}/skip`, { position: String(failedPosition) });
      this.message(`${name} skipped the event at position ${failedPosition}; it is now a dead letter`);
      done();
    } catch (error) {
      this.showError(error);
    }
  }

  async open(processor) {
    this.processor = processor;
    let letters;
    try {
      letters = await this.api.get(`/projections/${segment(processor.name)}/dead-letters`);
    } catch (error) {
      return this.showError(error);
    }
    if (this.processor !== processor) return;
    byId('dead-letters-title').textContent = `Dead letters of ${processor.name}`;
    this.body.replaceChildren(...letters.map((letter) => this.row(processor, letter)));
    if (letters.length === 0) this.body.append(h('tr', {}, h('td', { colspan: 6 }, 'None')));
    this.section.hidden = false;
    byId('dead-letters-title').scrollIntoView({ block: 'nearest' });
  }

  row(processor, letter) {
    const retry =
      (processor.kind ?? 'projection') === 'projection'
        ? null
        : h(
            'button',
            {
              type: 'button',
              'aria-label': `Retry the event at position ${letter.position} for ${processor.name}`,
              onclick: () => void this.retry(processor, letter),
            },
            'Retry',
          );
    return h(
      'tr',
      { 'data-position': letter.position },
      h(
        'td',
        { class: 'number' },
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            'aria-label': `Open the event at position ${letter.position}`,
            onclick: () => void this.openEvent(letter.position),
          },
          letter.position,
        ),
      ),
      h('td', {}, letter.type),
      h('td', {}, h('code', {}, letter.streamId)),
      h('td', { class: 'error' }, letter.error),
      h('td', {}, h('time', { datetime: letter.deadAt }, when(letter.deadAt))),
      h('td', { class: 'actions' }, retry),
    );
  }

  async retry(processor, letter) {
    const sure = await confirmAction({
      title: `Retry the event at position ${letter.position} for ${processor.name}?`,
      body: [
        `${processor.name} is given this ${letter.type} again. If it succeeds the dead letter is gone; if it fails again it stays, with the new error.`,
        h('p', {}, h('strong', {}, 'Last error: '), letter.error),
      ],
      action: 'Retry',
    });
    if (!sure) return;
    try {
      await this.api.post(
        `/projections/${segment(processor.name)}/dead-letters/${segment(letter.position)}/retry`,
      );
      this.message(`${processor.name} handled the event at position ${letter.position}`);
    } catch (error) {
      this.showError(error);
    }
    await this.open(processor);
  }
}
