import {
  Button,
  SearchBox,
  Spinner,
  Text,
  Toolbar,
  ToolbarButton,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { TableRowId } from '@fluentui/react-components';
import { ArrowClockwiseRegular } from '@fluentui/react-icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '../shared/api';
import { ErrorBar } from '../shared/ErrorBar';
import { Page } from '../shared/Page';
import type { Page as ApiPage, User } from '../shared/types';
import { UsersGrid } from './UsersGrid';
import { useDebounced } from './useDebounced';

const PAGE_SIZE = 50;

const useStyles = makeStyles({
  commandBar: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    paddingBottom: tokens.spacingVerticalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  toolbar: { flexGrow: 1, paddingInline: 0 },
  search: { width: '280px', maxWidth: '100%' },
  surface: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow4,
    padding: tokens.spacingHorizontalL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  scroll: { overflowX: 'auto' },
  footer: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalL, minHeight: '32px' },
  muted: { color: tokens.colorNeutralForeground2 },
  empty: { padding: `${tokens.spacingVerticalXXL} 0`, textAlign: 'center', color: tokens.colorNeutralForeground2 },
});

export function ActiveUsersPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const [searchText, setSearchText] = useState('');
  const search = useDebounced(searchText.trim(), 300);
  const [selected, setSelected] = useState<Set<TableRowId>>(() => new Set());

  const users = useInfiniteQuery({
    queryKey: ['users', { search }],
    queryFn: ({ pageParam, signal }) =>
      apiFetch<ApiPage<User>>('/users', { query: { search, limit: PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });

  const items = users.data?.pages.flatMap((p) => p.items) ?? [];
  const refreshing = users.isFetching && !users.isFetchingNextPage;

  return (
    <Page title={t('users.title')}>
      <div className={styles.surface}>
        <div className={styles.commandBar}>
          <Toolbar aria-label={t('users.commands')} className={styles.toolbar}>
            <ToolbarButton icon={<ArrowClockwiseRegular />} onClick={() => void users.refetch()} disabled={refreshing}>
              {t('users.refresh')}
            </ToolbarButton>
          </Toolbar>
          {selected.size ? (
            <Text className={styles.muted} aria-live="polite">
              {t('users.selected', { count: selected.size })}
            </Text>
          ) : null}
          <SearchBox
            className={styles.search}
            aria-label={t('users.search')}
            placeholder={t('users.searchPlaceholder')}
            value={searchText}
            onChange={(_, data) => setSearchText(data.value)}
          />
        </div>
        {users.isError ? <ErrorBar error={users.error} onRetry={() => void users.refetch()} /> : null}
        {users.isPending ? (
          <Spinner label={t('app.loading')} />
        ) : items.length === 0 && !users.isError ? (
          <Text as="p" className={styles.empty} role="status">
            {search ? t('users.emptySearch', { search }) : t('users.empty')}
          </Text>
        ) : items.length ? (
          <div className={styles.scroll} aria-busy={refreshing}>
            <UsersGrid users={items} selected={selected} onSelectionChange={setSelected} />
          </div>
        ) : null}
        <div className={styles.footer}>
          {items.length ? (
            <Text className={styles.muted} role="status">
              {t('users.count', { count: items.length })}
            </Text>
          ) : null}
          {users.hasNextPage ? (
            <Button onClick={() => void users.fetchNextPage()} disabled={users.isFetchingNextPage}>
              {users.isFetchingNextPage ? t('users.loadingMore') : t('users.loadMore')}
            </Button>
          ) : null}
          {refreshing && !users.isPending ? <Spinner size="tiny" aria-label={t('app.loading')} /> : null}
        </div>
      </div>
    </Page>
  );
}
