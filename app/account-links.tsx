import { getUser } from "@/lib/auth/session";
import { signOutAction } from "./sign-out-action";

/** The signed-in person and "Sign out" in the header; nothing when nobody is signed in. */
export async function AccountLinks() {
  const user = await getUser();
  if (!user) return null;
  return (
    <>
      <li className="nhsuk-header__account-item">
        <span className="nhsuk-u-visually-hidden">Signed in as </span>
        <strong>{user.name}</strong>
        {user.orgName && <span> · {user.orgName}</span>}
      </li>
      <li className="nhsuk-header__account-item">
        <form action={signOutAction} className="nhsuk-header__account-form">
          <button type="submit" className="nhsuk-header__account-button">
            Sign out
          </button>
        </form>
      </li>
    </>
  );
}
