import { Button, Dropdown, Field, Option } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useReportStyles } from './parts';

/** The filters of a report in a row, with Clear filters while any is on (when the page can clear them). */
export function FiltersBar({ filtered, onClear, children }: { filtered?: boolean; onClear?: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  const styles = useReportStyles();
  return (
    <div className={styles.filters} role="group" aria-label={t('reports.filters')}>
      {children}
      {filtered && onClear ? (
        <Button appearance="subtle" onClick={onClear}>
          {t('reports.clearFilters')}
        </Button>
      ) : null}
    </div>
  );
}

interface ChoiceFilterProps<V extends string> {
  label: string;
  value: V | '';
  options: readonly { value: V; text: string }[];
  onChange: (value: V | '') => void;
  /** The text of the first option, '' (default "All"). */
  allText?: string;
}

/** A dropdown filter: "All" and one option a value. */
export function ChoiceFilter<V extends string>({ label, value, options, onChange, allText }: ChoiceFilterProps<V>) {
  const { t } = useTranslation();
  const styles = useReportStyles();
  const all = allText ?? t('reports.all');
  return (
    <Field label={label}>
      <Dropdown
        className={styles.filter}
        value={value ? (options.find((o) => o.value === value)?.text ?? value) : all}
        selectedOptions={[value]}
        onOptionSelect={(_, d) => onChange((d.optionValue ?? '') as V | '')}
      >
        <Option value="">{all}</Option>
        {options.map((o) => (
          <Option key={o.value} value={o.value}>
            {o.text}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}
