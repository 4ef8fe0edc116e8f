import bcrypt from 'bcryptjs';

export const hashPassword = (plain: string, rounds: number) => bcrypt.hash(plain, rounds);
export const verifyPassword = (plain: string, hash: string) => bcrypt.compare(plain, hash);

/** A bcrypt hash of nothing anyone knows, compared against when the user does not exist (equal timing). */
export const DUMMY_HASH = '$2b$10$CwTycUXWue0Thq9StjUM0uJ8.yGQ9WPaxNQx2V0WswO3/Ylh8Lyq2';

/** Passwords: at least 8 characters with letters and digits. Returns a Chinese message when weak. */
export function passwordProblem(plain: string): string | undefined {
  if (plain.length < 8) return '密码至少 8 位';
  if (!/[A-Za-z]/.test(plain) || !/\d/.test(plain)) return '密码须同时包含字母和数字';
  return undefined;
}
