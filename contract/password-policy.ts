/**
 * The password policy, shared by the server (which enforces it) and the web (which says so while the
 * person types, issue 13) — one rule, one wording.
 */
const COMMON = new Set([
  'password',
  'password1',
  'password123',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'qwerty123',
  'qwertyuiop',
  'abc12345',
  'abcd1234',
  'admin123',
  'admin@123',
  'administrator',
  'welcome1',
  'welcome123',
  'letmein1',
  'iloveyou',
  '12345678',
  '123456789',
  '1234567890',
  'aa123456',
  'a1234567',
  'a12345678',
  'qq123456',
  'zxcvbnm123',
  '1qaz2wsx',
  '1qaz@wsx',
  'qazwsx123',
  'asdf1234',
  'asd123456',
  'woaini1314',
  'changeme',
  'changeme1',
  'test1234',
  'root1234',
  'shanghai123',
  'shanghai2024',
  'p@ssw0rd123',
  'admin12345',
]);

/**
 * SEC-01 (等保 over ASVS, see docs/decisions/0003): ≥ 8 characters, 3 of 4 classes, must not contain
 * the username, must not be a common password. Returns a Chinese sentence per failed rule.
 */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if (password.length < 8) problems.push('密码至少 8 位（建议 12 位以上）');
  if (password.length > 128) problems.push('密码不能超过 128 位');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push('密码须包含大写字母、小写字母、数字、特殊字符中的至少三类');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('密码不能包含用户名');
  if (COMMON.has(password.toLowerCase())) problems.push('密码过于常见，请换一个');
  return problems;
}
