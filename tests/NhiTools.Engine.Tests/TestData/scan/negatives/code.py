import os
password = os.environ["DB_PASSWORD"]
token = os.getenv("API_TOKEN")
secret = get_secret("billing")
client_secret = settings.CLIENT_SECRET
api_key = None
password_policy = "strict-rotation-90d"
