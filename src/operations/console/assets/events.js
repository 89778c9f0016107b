import { segment } from './api.js';
import { h, when } from './dom.js';

const ROUTES = {
  stream: (value) => `/log/streams/${segment(value)}`,
  correlation: (value) => `/log/correlations/${segment(value)}`,
  position: (value) => `/log/events/${segment(value)}`,
};

const TITLES = {
  stream: (value) => `Stream ${value}`,
  correlation: (value) => `Correlation ${value}: every event it caused, in log order`,
  position: (value) => `Event at position ${value}`,
};

/**
 * The event browser: the events of one stream, of one correlation id (a timeline across modules,
 * grouped by the command that wrote them), or the one event at a position. Stream and correlation
 * ids in what it shows are links that open those in turn.
 */
export class EventBrowser {
  constructor({ api, container, form, showError }) {
    this.api = api;
    this.container = container;
    this.form = form;
    this.showError = showError;
    form.addEventListener('submit', (submitted) => {
      submitted.preventDefault();
      void this.open(form.elements.by.value, form.elements.value.value.trim());
    });
  }

  clear() {
    this.container.replaceChildren();
    this.form.reset();
  }

  async open(by, value) {
    this.form.elements.by.value = by;
    this.form.elements.value.value = value;
    let answer;
    try {
      answer = await this.api.get(ROUTES[by](value));
    } catch (error) {
      this.container.replaceChildren();
      this.showError(error);
      return;
    }
    const page = by === 'position' ? { events: [answer], next: null } : answer;
    const list = h('ol', { class: 'timeline', 'aria-label': TITLES[by](value) });
    const heading = h('h3', { tabindex: '-1' }, TITLES[by](value));
    this.container.replaceChildren(heading, list);
    this.append(list, page, by, value);
    heading.focus();
  }

  append(list, { events, next }, by, value) {
    let command = list.dataset.lastCommand;
    for (const event of events) {
      // Each command that wrote events opens a group: the request's, then each saga step's.
      if (by === 'correlation' && event.metadata.commandId !== command) {
        command = event.metadata.commandId;
        list.append(
          h(
            'li',
            { class: 'command' },
            'Command ',
            h('code', {}, command),
            ' caused by ',
            h('code', {}, event.metadata.causationId),
          ),
        );
      }
      list.append(this.eventItem(event));
    }
    list.dataset.lastCommand = command ?? '';
    this.container.querySelector('.more')?.remove();
    if (next !== null) {
      const more = h('button', { type: 'button', class: 'more' }, 'Load more');
      more.addEventListener('click', async () => {
        try {
          this.append(list, await this.api.get(`${ROUTES[by](value)}?after=${segment(next)}`), by, value);
        } catch (error) {
          this.showError(error);
        }
      });
      this.container.append(more);
    }
  }

  eventItem(event) {
    const { metadata } = event;
    const link = (by, id) =>
      h(
        'button',
        {
          type: 'button',
          class: 'link',
          'aria-label': `Open ${by} ${id}`,
          onclick: () => void this.open(by, id),
        },
        id,
      );
    return h(
      'li',
      { 'data-position': event.position, 'data-type': event.type },
      h(
        'div',
        { class: 'event-head' },
        h('span', { class: 'event-type' }, event.type),
        h('span', { class: 'module' }, event.streamType),
        h('span', {}, `#${event.position}`),
        h('span', { class: 'muted' }, `version ${event.version}`),
        h('time', { datetime: metadata.occurredAt }, when(metadata.occurredAt)),
      ),
      h(
        'dl',
        { class: 'meta' },
        h('dt', {}, 'Stream'),
        h('dd', {}, link('stream', event.streamId)),
        h('dt', {}, 'Correlation'),
        h('dd', {}, link('correlation', metadata.correlationId)),
        h('dt', {}, 'Command'),
        h('dd', {}, h('code', {}, metadata.commandId)),
        h('dt', {}, 'Caused by'),
        h('dd', {}, h('code', {}, metadata.causationId)),
        h('dt', {}, 'Event id'),
        h('dd', {}, h('code', {}, metadata.eventId)),
      ),
      h(
        'pre',
        { 'aria-label': `Data of ${event.type} at position ${event.position}` },
        JSON.stringify(event.data, null, 2),
      ),
    );
  }
}
