import { AppError } from '../common/app-error';

/** Refuses to let an administrator lock themselves out (they would need another one to get back). */
export function refuseOwnAccount(
  by: { readonly id: number },
  target: { readonly id: number },
  what: string,
): void {
  if (by.id === target.id) {
    throw new AppError(
      'invalid_input',
      `You cannot ${what} your own account: ask another administrator.`,
    );
  }
}
