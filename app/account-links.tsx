import { getUser } from "@/lib/auth/session";
import { signOutAction } from "./sign-out-action";

/** The signed-in person and "Sign out" in the header; nothing when nobody is signed in. */
export async function AccountLinks() {
  const user = await getUser();
  if (!user) return null;
  return (
    <>
      <span>
        <span className="sr-only">Signed in as </span>
        <strong>{user.name}</strong>
        {user.orgName && <span className="block tablet:inline"> · {user.orgName}</span>}
      </span>
      <form action={signOutAction}>
        <button
          type="submit"
          className="cursor-pointer border-0 bg-transparent p-0 text-white underline hover:no-underline focus-visible:focus-text"
        >
          Sign out
        </button>
      </form>
    </>
  );
}
