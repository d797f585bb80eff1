import type { NotificationOptions, UINotificationService } from './types';

/**
 * OHIF's notification service only gets its UI implementation when the React tree mounts, which happens after
 * extensions register; a message shown from preRegistration would be dropped. Wait until the app has rendered.
 */
export function notifyWhenUiReady(
  notifications: UINotificationService | undefined,
  options: NotificationOptions,
  { pollMs = 250, timeoutMs = 60_000 }: { pollMs?: number; timeoutMs?: number } = {},
): void {
  if (!notifications) return;
  const started = Date.now();
  const attempt = (): void => {
    const root = typeof document === 'undefined' ? null : document.getElementById('root');
    const rendered = !!root && root.childElementCount > 0;
    if (rendered || Date.now() - started > timeoutMs) {
      // One more tick so the notification provider's effect has run.
      setTimeout(() => notifications.show(options), pollMs);
      return;
    }
    setTimeout(attempt, pollMs);
  };
  attempt();
}
