"""The festival's pages: each part (campaigns, selection, schedule, preparation, results) keeps
its own url list; they share the "festival" namespace."""

from .campaigns.urls import urlpatterns as campaign_urls
from .preparation.urls import urlpatterns as preparation_urls
from .results.urls import urlpatterns as result_urls
from .schedule.urls import urlpatterns as schedule_urls
from .selection.urls import urlpatterns as selection_urls

app_name = "festival"
urlpatterns = [*campaign_urls, *selection_urls, *schedule_urls, *preparation_urls, *result_urls]
