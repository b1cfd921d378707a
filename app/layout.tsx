import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { Footer } from "@/components/nhs/footer";
import { Header } from "@/components/nhs/header";
import { SkipLink } from "@/components/nhs/skip-link";
import { getUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { AccountLinks } from "./account-links";
import "./globals.css";
import { MailboxSwitcher } from "./mailbox-switcher";
import { Providers } from "./providers";
import { SessionTimeoutWarning } from "./session-timeout-warning";
import { signOutAction } from "./sign-out-action";

export const metadata: Metadata = {
  title: { default: "Mailroom", template: "%s – Mailroom" },
  description: "Send and receive files through NHS MESH mailboxes in a browser.",
};

export const viewport: Viewport = { themeColor: "#005eb8" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request makes every page render per request, so each gets its own CSP nonce.
  await headers();
  const user = await getUser();
  return (
    <html lang="en-GB">
      <body className="flex min-h-screen flex-col">
        <SkipLink />
        <Header serviceName="Mailroom" homeHref={user ? "/mailboxes" : "/"} account={<AccountLinks />} navigation={<MailboxSwitcher />} />
        <div className="mx-auto w-full max-w-page grow px-4 tablet:px-8 large-desktop:px-0">
          <main id="maincontent" tabIndex={-1} className="pt-6 pb-10 outline-none tablet:pt-10 tablet:pb-12">
            <Providers>{children}</Providers>
          </main>
        </div>
        <Footer />
        {user && (
          <SessionTimeoutWarning
            idleMs={env().SESSION_IDLE_MINUTES * 60_000}
            idleExpiresAt={user.idleExpiresAt.toISOString()}
            signOut={signOutAction}
          />
        )}
      </body>
    </html>
  );
}
