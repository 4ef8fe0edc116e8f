/** The signed-in session: the bearer token from POST /api/auth/login, kept in localStorage. */
const TOKEN_KEY = 'warmline.token';

export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string): void {
  localStorage.setItem(TOKEN_KEY, token);
}

export function clearToken(): void {
  localStorage.removeItem(TOKEN_KEY);
}
