import { useTranslation } from 'react-i18next';
import { CUSTOMER_COLUMNS, type CustomerColumn } from '../api/types';
import { useSavePreferences } from '../api/use-preferences';
import { toggleColumn } from './customer-columns';

/** Which columns the customer list shows beside the name; the choice is kept with the user's account. */
export function ColumnChooser({ chosen }: { chosen: readonly CustomerColumn[] }) {
  const { t } = useTranslation();
  const save = useSavePreferences();
  return (
    <details className="column-chooser">
      <summary className="button">{t('customers.chooseColumns')}</summary>
      <fieldset aria-label={t('customers.chooseColumns')}>
        {CUSTOMER_COLUMNS.map((column) => (
          <label key={column} className="check">
            <input
              type="checkbox"
              checked={chosen.includes(column)}
              onChange={(e) =>
                save.mutate({ customerColumns: toggleColumn(chosen, column, e.target.checked) })
              }
            />
            {t(`customers.columns.${column}`)}
          </label>
        ))}
        <button
          type="button"
          className="button button-quiet"
          onClick={() => save.mutate({ customerColumns: null })}
        >
          {t('customers.defaultColumns')}
        </button>
      </fieldset>
    </details>
  );
}
