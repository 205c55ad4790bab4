import type { Membership } from "@/lib/auth/roles";

declare module "next-auth" {
  interface Session {
    user: {
      id: string;
      email: string;
      name: string;
      memberships: Membership[];
    };
  }
  interface User {
    memberships?: Membership[];
    sessionVersion?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    userId?: string;
    memberships?: Membership[];
    /** When memberships were last read from the database, in ms since the epoch. */
    membershipsReadAt?: number;
    /** The user's sessionVersion when the token was issued: lib/auth/session.ts refuses it once the version moves on. */
    sessionVersion?: number;
  }
}
