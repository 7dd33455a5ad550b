"""Every state change of the organisation app. Import from here: `from phongtrao.org import actions`."""

from .areas import (  # noqa: F401
    RESIDENTIAL_COLUMNS,
    area_tags_set,
    residential_area_create,
    residential_areas_import,
)
