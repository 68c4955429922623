import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

/**
 * An address that names nothing: an unknown page, or a record that does not exist here (a mistyped or
 * truncated id, another workspace's record). Said in the reader's language, with a way back.
 */
export function NotFoundPage({ record = false }: { record?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="page page-narrow">
      <header className="page-header">
        <h1>{t(record ? 'notFound.recordTitle' : 'notFound.pageTitle')}</h1>
      </header>
      <p>{t(record ? 'notFound.recordText' : 'notFound.pageText')}</p>
      <p>
        <Link to="/customers">{t('customer.back')}</Link>
        {' · '}
        <Link to="/">{t('app.nav.dashboard')}</Link>
      </p>
    </div>
  );
}
