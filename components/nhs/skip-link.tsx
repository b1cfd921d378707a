export function SkipLink({ href = "#maincontent" }: { href?: string }) {
  return (
    <a
      href={href}
      className="body absolute -top-full left-0 z-50 m-0 bg-white p-2 text-blue focus:top-0 focus-visible:focus-text"
    >
      Skip to main content
    </a>
  );
}
