import { z } from 'zod';
import { formText } from '../common/input-fields';

/** The admin pages' sign-in form; `next` is where to go after (checked by the page). */
export const signInForm = z.object({
  username: formText.transform((username) => username.trim()),
  password: formText,
  next: formText,
});
