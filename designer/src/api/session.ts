/**
 * The signed-in session, shared with the console (admin/src/api/session.ts): the bearer token from
 * POST /api/auth/login under the same localStorage key, so one login serves both.
 */
const TOKEN_KEY = 'warmline.token';

export const getToken = (): string | null => localStorage.getItem(TOKEN_KEY);
export const setToken = (token: string): void => localStorage.setItem(TOKEN_KEY, token);
export const clearToken = (): void => localStorage.removeItem(TOKEN_KEY);
