#!/bin/sh
curl -H "Authorization: Bearer @@JWT@@" https://api.contoso.example.net/v1/jobs
export GITLAB_TOKEN=@@GITLAB@@
