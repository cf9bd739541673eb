import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { MessageBarProps } from '@fluentui/react-components';
import type { ReactNode } from 'react';

type NoticeProps = Omit<MessageBarProps, 'title' | 'layout' | 'children'> & { title: ReactNode; children: ReactNode };

/** A multiline message bar with a title and a body; the bar's own props (intent, role, test id) pass through. */
export function Notice({ title, children, ...bar }: NoticeProps) {
  return (
    <MessageBar layout="multiline" {...bar}>
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {children}
      </MessageBarBody>
    </MessageBar>
  );
}
