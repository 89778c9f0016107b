import { byId, h } from './dom.js';

/**
 * Asks before an action, in the native <dialog> (focus moves into it, Escape cancels). `body` is
 * what the operator should see before deciding, e.g. the event a skip would set aside. Resolves to
 * true only when the action button was chosen.
 */
export function confirmAction({ title, body, action }) {
  const dialog = byId('confirm');
  byId('confirm-title').textContent = title;
  byId('confirm-body').replaceChildren(
    ...(Array.isArray(body) ? body : [body]).map((part) =>
      typeof part === 'string' ? h('p', {}, part) : part,
    ),
  );
  const ok = byId('confirm-ok');
  ok.textContent = action;
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.showModal();
    // The safe choice has the focus: Enter alone never confirms.
    dialog.querySelector('button[value="cancel"]').focus();
  });
}
