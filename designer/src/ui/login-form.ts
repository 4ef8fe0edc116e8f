import { ApiError } from '../api/http';
import { login } from '../api/definitions';
import { setToken } from '../api/session';
import { el } from './dom';

/** Sign-in for the designer alone (the console's login stores the same token, so one sign-in serves both). */
export function renderLogin(root: HTMLElement, onSignedIn: () => void): void {
  const username = el('input', { name: 'username', autocomplete: 'username', required: true, 'data-testid': 'login-username' });
  const password = el('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    'data-testid': 'login-password',
  });
  const error = el('p', { class: 'wl-login-error', 'data-testid': 'login-error', role: 'alert' });
  const submit = el('button', { type: 'submit', class: 'wl-primary', 'data-testid': 'login-submit' }, '登录');
  const form = el(
    'form',
    { class: 'wl-login' },
    el('h1', {}, '暖线 · 流程设计器'),
    el('label', {}, '用户名', username),
    el('label', {}, '密码', password),
    error,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.textContent = '';
    login(username.value.trim(), password.value)
      .then(({ token }) => {
        setToken(token);
        onSignedIn();
      })
      .catch((err: unknown) => {
        error.textContent = err instanceof ApiError ? err.message : '登录失败，请稍后重试';
      })
      .finally(() => {
        submit.disabled = false;
      });
  });
  root.replaceChildren(form);
  username.focus();
}
