import os
password = os.environ["DB_PASSWORD"]
token = os.getenv("API_TOKEN")
secret = get_secret("billing")
client_secret = settings.CLIENT_SECRET
api_key = None
password_policy = "strict-rotation-90d"
token = sys.argv[1]
api_key = config.token1
secret = cfg.secrets[0]
