import { checkUser } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };

async function answer(activity: boolean) {
  const check = await checkUser({ activity });
  if (!check.user) return Response.json({ signedIn: false, reason: check.reason }, { status: 401, headers: noStore });
  const { idleExpiresAt, idleRemainingMs } = check.user;
  return Response.json({ signedIn: true, idleExpiresAt: idleExpiresAt.toISOString(), idleRemainingMs }, { headers: noStore });
}

/** When the session will end if nothing else happens; asking does not count as activity. */
export function GET() {
  return answer(false);
}

/** "Stay signed in": counts as activity and says when the session will now end. */
export function POST() {
  return answer(true);
}
