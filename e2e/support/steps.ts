import type { Page } from 'playwright-core';

/** Small steps the journey repeats, written the way a person uses the pages (labels, roles, text). */

export const PASSWORD = 'Shanghai#2024ok';

export async function login(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(/\/app\//);
}

export async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL(/\/login/);
}

/**
 * Picks an option of an antd Select identified by its label, and checks the choice shows. antd closes
 * a single select on choice; once under load (a fresh CI clone) its list stayed open after the choice
 * (the autosave's re-render while it closed) — the choice stood, so the list is closed with Escape, as
 * a person would, and the displayed value is what is checked.
 */
export async function choose(page: Page, label: string, option: string, scope: Page | ReturnType<Page['locator']> = page): Promise<void> {
  const field = scope.getByLabel(label, { exact: true });
  await field.click();
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
  const open = page.locator('.ant-select-dropdown:visible');
  if (
    !(await open.waitFor({ state: 'hidden', timeout: 3_000 }).then(
      () => true,
      () => false,
    ))
  ) {
    await page.keyboard.press('Escape');
    await open.waitFor({ state: 'hidden' });
  }
  // the select's own box shows the chosen option (antd 6: .ant-select-content-value, titled with it)
  await field
    .locator('xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]')
    .locator(`[title="${option}"]`)
    .first()
    .waitFor({ state: 'visible' });
}

/**
 * Picks an option of an antd Select with search (a long list, virtualised: only what is typed is
 * shown): types part of the name, then chooses the option, as a person would.
 */
export async function searchAndChoose(page: Page, label: string, typed: string, option: string): Promise<void> {
  // (the open list is named after its field too: the search box is the combobox)
  const field = page.getByRole('combobox', { name: label });
  await field.click();
  await field.fill(typed);
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
  const open = page.locator('.ant-select-dropdown:visible');
  if (
    !(await open.waitFor({ state: 'hidden', timeout: 3_000 }).then(
      () => true,
      () => false,
    ))
  ) {
    await page.keyboard.press('Escape');
    await open.waitFor({ state: 'hidden' });
  }
  await field
    .locator('xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]')
    .locator(`[title="${option}"]`)
    .first()
    .waitFor({ state: 'visible' });
}

export async function seeText(page: Page, text: string | RegExp, timeout = 15_000): Promise<void> {
  await page.getByText(text).first().waitFor({ state: 'visible', timeout });
}

/** Waits until the wizard says its latest changes reached the server. */
export async function saved(page: Page): Promise<void> {
  await page
    .getByRole('status')
    .filter({ hasText: /已自动保存/ })
    .waitFor({ timeout: 15_000 });
}

/** Confirms in the open confirmation dialog (the modal that restates an irreversible step). */
export const confirmIn = (page: Page, name: string) => page.locator('.ant-modal-confirm').getByRole('button', { name, exact: true }).click();

/** The centre assigns the expert accounts named to the open case (三(三) 专家论证), and confirms. */
export async function assignExperts(center: Page, usernames: string[]): Promise<void> {
  await center.getByLabel('选择专家').click();
  for (const u of usernames) await center.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${u}"]`).click();
  await center.keyboard.press('Escape');
  await center.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
  await center.getByRole('button', { name: '指派' }).click();
  await confirmIn(center, `指派 ${usernames.length} 名专家`);
}

/**
 * An expert on the case's page: declares no conflict of interest first (the scoring form appears only
 * then), scores, recommends a pass and submits, confirming. `beforeSubmit` runs on the filled form.
 */
export async function reviewAsExpert(e: Page, review: { score: string; opinion: string }, beforeSubmit?: () => Promise<void>): Promise<void> {
  await seeText(e, '第一步：利益冲突声明');
  if ((await e.getByLabel('评分（0–100）').count()) !== 0) throw new Error('the scoring form showed before the conflict-of-interest declaration');
  await e.getByRole('radio', { name: '不存在利益冲突' }).check();
  await e.getByLabel('评分（0–100）').fill(review.score);
  await e.getByLabel('评审意见').fill(review.opinion);
  await e.getByRole('radio', { name: '建议通过' }).check();
  await beforeSubmit?.();
  await e.getByRole('button', { name: '提交评审' }).click();
  await confirmIn(e, '提交评审');
  await seeText(e, '评审已提交。');
}
