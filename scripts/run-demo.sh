#!/usr/bin/env bash
# README command 1: install, build, seed the demo district (古塔区, 锦州市) into an embedded
# SQLite file on first run, and serve it. Usage: scripts/run-demo.sh [--port N]
set -euo pipefail
cd "$(dirname "$0")/.."
port=8080
[[ "${1:-}" == "--port" ]] && port=$2

scripts/setup.sh
scripts/build.sh wangge
(cd web && npm run build --silent >/dev/null)

db_file=data/wangge.db
export WANGGE_DB="sqlite:$db_file"
if [[ ! -f "$db_file" ]]; then
    echo "Seeding the demo district 古塔区 (about 250,000 residents) …"
    build/src/app/wangge seed --preset district --seed 1
    # A year of Party-Day Talk (the article's district collected 119 items in one month).
    build/src/app/wangge seed appeals --count 1500 --seed 1
fi

cat <<MSG

  网格 wangge — demo district 古塔区, 锦州市
  Open  http://127.0.0.1:$port/   and log in as (password: wangge2022):
    guta      district officer, 古塔区
    jingye    street officer, 敬业街道
    xintie    community worker, 新铁社区
    huagong   community worker, 华工社区
    xichang   Party secretary, 西长社区
    grid1     grid worker, 新铁社区 第1网格
    admin     city admin, 锦州市

MSG
exec build/src/app/wangge serve --port "$port" --web web/dist
