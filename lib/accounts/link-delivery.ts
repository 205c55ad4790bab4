import "server-only";

// How an account link reaches its person. Chainrule sends no email, so the
// one way today is to hand the link to the staff member who made it, to copy
// and pass on. An SMTP sender would implement the same interface (send the
// message, answer { method: "email" } without the URL) and be chosen here.

export interface AccountLinkMessage {
  email: string;
  name: string;
  /** The full link: whoever holds it can set the account's password until it expires or is used. */
  url: string;
  expiresAt: Date;
}

export type AccountLinkDelivery =
  /** Staff copy the link and pass it on themselves. */
  | { method: "copy"; url: string; expiresAt: Date }
  /** The link went out by email; staff never see it. */
  | { method: "email"; expiresAt: Date };

export interface AccountLinkSender {
  deliver(message: AccountLinkMessage): Promise<AccountLinkDelivery>;
}

/** Hands the link back to staff to copy. */
export const copyLinkSender: AccountLinkSender = {
  async deliver({ url, expiresAt }) {
    return { method: "copy", url, expiresAt };
  },
};

/** The sender in use. */
export function accountLinkSender(): AccountLinkSender {
  return copyLinkSender;
}
