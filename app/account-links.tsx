/** The signed-in person and "Sign out" in the header; empty until someone signs in. */
export async function AccountLinks() {
  return null;
}
