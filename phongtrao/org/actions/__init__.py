"""Every state change of the organisation app. Import from here: `from phongtrao.org import actions`."""

from .areas import (  # noqa: F401
    RESIDENTIAL_COLUMNS,
    area_tags_set,
    residential_area_create,
    residential_areas_import,
)

# isort: split
from .accounts import (  # noqa: F401
    ACCOUNT_COLUMNS,
    MAX_IMPORT_ROWS,
    ROLE_LABELS,
    membership_add,
    membership_remove,
    user_create,
    user_set_active,
    user_set_password,
    user_update,
    users_import,
)
