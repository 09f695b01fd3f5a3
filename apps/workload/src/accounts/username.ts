import { AppError } from '../common/app-error';

/** Django's username rule, so accounts moved from the Python service keep their names. */
const USERNAME = /^[\p{L}\p{N}_.@+-]{1,150}$/u;

export function checkUsername(username: string): string {
  if (!USERNAME.test(username)) {
    throw new AppError(
      'invalid_input',
      `"${username.slice(0, 160)}" is not a valid username: use 1 to 150 letters, digits and . @ + - _`,
      { fields: { username: 'use 1 to 150 letters, digits and . @ + - _' } },
    );
  }
  return username;
}

export const MIN_PASSWORD_LENGTH = 12;

export function checkNewPassword(password: string): string {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError(
      'invalid_input',
      `the password must be at least ${MIN_PASSWORD_LENGTH} characters long`,
      {
        fields: { password: `at least ${MIN_PASSWORD_LENGTH} characters` },
      },
    );
  }
  if (password.length > 1024) {
    throw new AppError('invalid_input', 'the password must be at most 1024 characters long', {
      fields: { password: 'at most 1024 characters' },
    });
  }
  return password;
}
