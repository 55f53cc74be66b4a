#!/bin/sh
# An island run of 8 islands as a Slurm job array: task i runs island i
# (evolve island reads SLURM_ARRAY_TASK_ID). Start a NATS server with
# JetStream first where every node reaches it, e.g. on the login node:
#   nats-server -js -sd /shared/nats-store -a 0.0.0.0 -p 4222
# and submit with
#   sbatch --array=0-7 deploy/slurm-islands.sh
# Every task of the array must run at the same time (the islands wait for
# each other's migrants): ask for 8 nodes' worth of the partition.
#SBATCH --job-name=evocopter-islands
#SBATCH --cpus-per-task=8
#SBATCH --requeue
set -e
exec ./evolve island -nats "nats://${NATS_HOST:-login1}:4222" -run "run-$SLURM_ARRAY_JOB_ID" -of 8 \
	-n 100000 -generations 500 -seed 1 -migrate-every 10 -migrants 50 -wait 30m \
	-checkpoint results/run.ckpt -continue -log results/run.jsonl -dir results
