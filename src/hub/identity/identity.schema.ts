/** Zod shapes of the identity API. */
import { z } from 'zod';
import { email, newPassword } from '../http/schemas.js';

export const signUpBody = z.object({ email });

export const signUpAnswer = z.object({ message: z.string() });

export const authOptions = z.object({
  signUp: z.boolean().describe('anyone may ask for an account by e-mail'),
});

const invitationToken = z.string().min(20).max(100).describe('the token of the e-mailed link');

export const invitationBody = z.object({ token: invitationToken });

export const invitationView = z.object({
  email: z.string(),
  expiresAt: z.date(),
  invited: z.boolean().describe('true: an administrator invited; false: a self sign-up'),
});

export const acceptInvitationBody = z.object({
  token: invitationToken,
  displayName: z.string().trim().min(1).max(200),
  password: newPassword,
  acceptTermsVersion: z.number().int().positive().optional().describe('the terms-of-use version accepted'),
});

export const signInBody = z.object({ email, password: z.string().min(1).max(256) });

export const passwordBody = z.object({ currentPassword: z.string().min(1).max(256), newPassword });

export const me = z.object({
  id: z.number(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(['admin', 'committee', 'researcher'])),
  representativeOf: z.array(z.number()),
  termsAccepted: z.boolean(),
  currentTermsVersion: z.number().nullable(),
  hasPassword: z.boolean(),
  via: z.enum(['session', 'token']),
});

export const signedIn = z.object({
  user: me,
  csrfToken: z
    .string()
    .describe('send it in x-csrf-token on state-changing requests (also in the cie_csrf cookie)'),
});
