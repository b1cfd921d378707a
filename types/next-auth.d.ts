import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    user: { id: string; name: string; email: string; orgName: string } & DefaultSession["user"];
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    sessionId?: string;
    orgCode?: string;
    orgName?: string;
    idToken?: string;
  }
}
