import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { Field } from '../components/field';

/** A field for choosing a new password, with the advice on what makes one strong. */
export function NewPasswordField({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: unknown;
}) {
  const { t } = useTranslation();
  return (
    <Field label={label} hint={t('account.passwordHint')} error={weakPasswordMessage(error, t)}>
      <input
        type="password"
        autoComplete="new-password"
        required
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}

/** The server's reason names the pattern in English; both languages get advice in their own words. */
function weakPasswordMessage(error: unknown, t: (key: 'account.weakPassword') => string) {
  if (!(error instanceof ApiError)) return undefined;
  if (error.code === 'weak-password') return t('account.weakPassword');
  const field = error.errors.find((e) => /^body\.(password|newPassword)$/.test(e.path));
  return field?.message;
}
