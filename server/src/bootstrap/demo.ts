import type { System } from './system.js';

/** Demo accounts, organisations and cases in several states (DEMO_DATA=1). */
export async function seedDemo(system: System, log: (m: string) => void): Promise<void> {
  void system;
  log('demo data: not yet');
}
