import { Card, Field, Radio, SpinButton, Subtitle2, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { spinValue } from './formErrors';

/** The styles every settings page shares: the form's column of cards and what is in them. */
export const useSettingsStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '760px' },
  card: { padding: tokens.spacingHorizontalXL, gap: tokens.spacingVerticalL },
  cardHeader: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  muted: { color: tokens.colorNeutralForeground2 },
  radioLabel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  radioHint: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200 },
  numbers: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: tokens.spacingHorizontalXL, alignItems: 'start' },
  spin: { width: '120px' },
});

/** A card of a settings page: a heading (h2), an optional description, then its fields. */
export function SettingsCard({
  headingId,
  title,
  description,
  className,
  children,
}: {
  headingId: string;
  title: string;
  description?: string;
  className?: string;
  children: ReactNode;
}) {
  const styles = useSettingsStyles();
  return (
    <Card className={mergeClasses(styles.card, className)} aria-labelledby={headingId}>
      <div className={styles.cardHeader}>
        <Subtitle2 as="h2" id={headingId}>
          {title}
        </Subtitle2>
        {description ? (
          <Text as="p" className={styles.muted}>
            {description}
          </Text>
        ) : null}
      </div>
      {children}
    </Card>
  );
}

/** A radio option with a hint under its label (the hint describes the option). */
export function HintedRadio({ value, label, hint, hintId }: { value: string; label: string; hint: string; hintId: string }) {
  const styles = useSettingsStyles();
  return (
    <Radio
      value={value}
      aria-describedby={hintId}
      label={
        <span className={styles.radioLabel}>
          <span>{label}</span>
          <span className={styles.radioHint} id={hintId}>
            {hint}
          </span>
        </span>
      }
    />
  );
}

interface NumberFieldProps {
  label: string;
  hint: string;
  message: string | undefined;
  /** null while the box is empty (Save then asks for a whole number). */
  value: number | null;
  min: number;
  max: number;
  step?: number;
  disabled?: boolean;
  className?: string;
  onChange: (value: number | null) => void;
}

/** A whole number in a spin button that may be left empty while typing. */
export function NumberField({ label, hint, message, value, min, max, step, disabled, className, onChange }: NumberFieldProps) {
  const styles = useSettingsStyles();
  return (
    <Field label={label} hint={hint} validationMessage={message}>
      <SpinButton
        className={mergeClasses(styles.spin, className)}
        min={min}
        max={max}
        step={step}
        disabled={disabled}
        value={value}
        displayValue={value === null ? '' : undefined}
        onChange={(_, d) => onChange(spinValue(d))}
      />
    </Field>
  );
}

/** A whole-number setting: the draft field it edits, its words and its range. */
export interface NumberSetting<K extends string> {
  field: K;
  label: string;
  hint: string;
  min: number;
  max: number;
  step?: number;
}

interface NumberSettingsProps<K extends string> {
  settings: readonly NumberSetting<K>[];
  values: Record<K, number | null>;
  /** The issue on a field. */
  msg: (field: K) => string | undefined;
  onChange: (change: Partial<Record<K, number | null>>) => void;
  disabled?: boolean;
  className?: string;
}

/** Whole-number settings, each a NumberField bound to its field of `values`. */
export function NumberSettings<K extends string>({ settings, values, msg, onChange, disabled, className }: NumberSettingsProps<K>) {
  return (
    <>
      {settings.map(({ field, ...setting }) => (
        <NumberField
          key={field}
          {...setting}
          className={className}
          disabled={disabled}
          message={msg(field)}
          value={values[field]}
          onChange={(value) => onChange({ [field]: value } as Partial<Record<K, number | null>>)}
        />
      ))}
    </>
  );
}
