/**
 * How features tell people that something happened (an access request changed state, a message
 * arrived, a grant was revoked…). The notifications feature implements it: an in-app notification
 * per recipient and an e-mail through SMTP (or, in the demo, the local outbox page). Callers name
 * the recipients; they never format e-mail or touch SMTP themselves.
 */
export interface NotificationInput {
  /** Hub user ids (hub_user.id) to notify; duplicates are ignored. */
  recipients: readonly number[];
  /** Stable kind, e.g. `access.request.submitted`, for filtering and templates. */
  kind: string;
  /** One line, also the e-mail subject. */
  subject: string;
  /** Plain text body. */
  text: string;
  /** Path in the web app the notification leads to, e.g. `/access/requests/12`. */
  link?: string;
}

export interface Notifier {
  /** Records and sends; a failing mail server is logged and retried, never thrown at the caller. */
  notify(input: NotificationInput): Promise<void>;
  /** E-mails an address that may have no account yet (sign-up links, invitations); no in-app copy. */
  mailTo?(mail: { to: string; subject: string; text: string }): Promise<void>;
}
