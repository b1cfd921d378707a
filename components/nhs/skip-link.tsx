export function SkipLink({ href = "#maincontent" }: { href?: string }) {
  return (
    <a href={href} className="nhsuk-skip-link">
      Skip to main content
    </a>
  );
}
