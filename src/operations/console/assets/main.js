import { ApiError, createApi, segment } from './api.js';
import { confirmAction } from './confirm.js';
import { DeadLetters } from './dead-letters.js';
import { byId, setText } from './dom.js';
import { EventBrowser } from './events.js';
import { ProcessorsTable } from './processors.js';

/** The tab's session only: gone when the tab closes, never sent anywhere but in the header. */
const TOKEN_KEY = 'cqrs-console-admin-token';
const POLL_MS = 1000;

const token = () => sessionStorage.getItem(TOKEN_KEY) ?? '';
const message = (text) => setText(byId('message'), text);

function alertText(text) {
  const alert = byId('alert');
  alert.hidden = !text;
  setText(alert, text);
}

const describe = (error) =>
  error instanceof ApiError && error.status > 0
    ? `${error.message} (${error.status}${error.code ? ` ${error.code}` : ''})`
    : error.message;

const api = createApi({
  token,
  onRefused: (error) => signOut(`The admin token was refused: ${describe(error)}`),
});
const showError = (error) => {
  if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return;
  alertText(describe(error));
};

const processors = new ProcessorsTable(
  byId('processors'),
  (action, processor) => void act(action, processor),
);
const events = new EventBrowser({ api, container: byId('events'), form: byId('browse'), showError });
const deadLetters = new DeadLetters({
  api,
  section: byId('dead-letters'),
  showError,
  message,
  openEvent: (position) => events.open('position', position),
});

let timer;
let polling = false;

/**
 * Polls GET /projections while the tab is visible: each poll starts a second after the previous one
 * ended, so never two at once and never faster than once a second, however slow the server is.
 */
async function poll() {
  clearTimeout(timer);
  if (polling || !token()) return;
  polling = true;
  try {
    const list = await api.get('/projections');
    if (!token()) return;
    processors.render(list);
    setText(byId('updated'), `updated ${new Date().toLocaleTimeString()}`);
  } catch (error) {
    showError(error);
  } finally {
    polling = false;
    if (token() && document.visibilityState === 'visible') timer = setTimeout(() => void poll(), POLL_MS);
  }
}

function startPolling() {
  stopPolling();
  if (!token() || document.visibilityState !== 'visible') return;
  void poll();
}

function stopPolling() {
  clearTimeout(timer);
  timer = undefined;
}

document.addEventListener('visibilitychange', () =>
  document.visibilityState === 'visible' ? startPolling() : stopPolling(),
);

async function act(action, processor) {
  const { name } = processor;
  if (action === 'dead-letters') return deadLetters.open(processor);
  if (action === 'rebuild') {
    const sure = await confirmAction({
      title: `Rebuild ${name}?`,
      body: [
        'The view is rebuilt from the whole log beside the live one, then swapped in. Queries keep answering from the live view meanwhile.',
      ],
      action: 'Rebuild',
    });
    if (!sure) return;
    try {
      await api.post(`/projections/${segment(name)}/rebuild`);
      message(`Rebuild of ${name} started`);
      void poll();
    } catch (error) {
      showError(error);
    }
  }
  if (action === 'skip') return deadLetters.skip(processor, () => void poll());
}

/** Shows the console only once the server has accepted the token on an admin route. */
async function signIn(candidate) {
  sessionStorage.setItem(TOKEN_KEY, candidate);
  try {
    // An admin read: 200 or 404 means the token was accepted (the log may be empty).
    await api.get('/log/events/1');
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) {
      if (token()) signOut(describe(error));
      return;
    }
  }
  alertText('');
  byId('sign-in').hidden = true;
  byId('signed-in').hidden = false;
  byId('console').hidden = false;
  message('Signed in');
  startPolling();
}

/** Forgets the token and every datum shown; the sign-in form comes back. */
function signOut(reason) {
  stopPolling();
  sessionStorage.removeItem(TOKEN_KEY);
  processors.clear();
  deadLetters.clear();
  events.clear();
  setText(byId('updated'), '');
  byId('console').hidden = true;
  byId('signed-in').hidden = true;
  byId('sign-in').hidden = false;
  byId('token').value = '';
  message(reason ? '' : 'Signed out');
  alertText(reason ?? '');
  byId('token').focus();
}

byId('sign-in').addEventListener('submit', (submitted) => {
  submitted.preventDefault();
  const candidate = byId('token').value.trim();
  byId('token').value = '';
  if (candidate) void signIn(candidate);
});
byId('sign-out').addEventListener('click', () => signOut());
if (token()) void signIn(token());
else byId('token').focus();
