from django.http import HttpResponse
from django.urls import path

app_name = "api"
urlpatterns = [path("tokens/", lambda r: HttpResponse("todo"), name="tokens")]
