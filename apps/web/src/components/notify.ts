import { notifications } from '@mantine/notifications';
import { errorMessage } from '../api/errors';

export function notifySaved(message: string): void {
  notifications.show({ color: 'teal', message });
}

export function notifyFailed(title: string, err: unknown): void {
  notifications.show({ color: 'red', title, message: errorMessage(err), autoClose: 8000 });
}
