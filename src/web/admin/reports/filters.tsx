import { Button, Dropdown, Field, Option } from '@fluentui/react-components';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Outcome } from '../../../shared/api.js';
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

/** A report's filter values (all text, '' for off): change some, clear all, and whether any is on. */
export function useFilterValues<F extends Record<string, string>>(empty: F) {
  const [values, setValues] = useState(empty);
  return {
    values,
    update: (change: Partial<F>) => setValues((v) => ({ ...v, ...change })),
    clear: () => setValues(empty),
    on: Object.values(values).some(Boolean),
  };
}

/** A success/failure filter, with the page's own words for each. */
export function OutcomeFilter({
  label,
  value,
  onChange,
  success,
  failure,
}: Pick<ChoiceFilterProps<Outcome>, 'label' | 'value' | 'onChange'> & Record<Outcome, string>) {
  const options = [
    { value: 'success', text: success },
    { value: 'failure', text: failure },
  ] as const;
  return <ChoiceFilter label={label} value={value} onChange={onChange} options={options} />;
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
