// Auth.js's endpoints, wrapped so that /session and /signout follow Mailroom's server-side session.
export { GET, POST } from "@/lib/auth/auth-routes";
