import { Link as FluentLink } from '@fluentui/react-components';
import type { MouseEvent, ReactNode } from 'react';
import { useNavigate } from 'react-router';

/** An onClick for `<a href>` elements that keeps navigation inside the single-page app. */
export function useSpaClick(): (event: MouseEvent<HTMLElement>, to: string) => void {
  const navigate = useNavigate();
  return (event, to) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    void navigate(to);
  };
}

interface RouterLinkProps {
  to: string;
  children: ReactNode;
  className?: string;
  inline?: boolean;
}

/** A Fluent link that navigates with the router. */
export function RouterLink({ to, children, className, inline }: RouterLinkProps) {
  const spaClick = useSpaClick();
  return (
    <FluentLink href={to} className={className} inline={inline} onClick={(event) => spaClick(event, to)}>
      {children}
    </FluentLink>
  );
}
