"""Times one PyTorch CPU training step (SGD, batch B) of tinyevo ArchGraph JSON models, for `npm run bench:engine`.

Usage: python3 bench/torch_step.py THREADS BATCH STEPS graph1.json [graph2.json ...]
Prints one JSON line per graph: {"file": ..., "msPerStep": ...}. The network is built from the same ArchGraph the
tinyevo engines train (TensorFlow 'same' padding, batch-norm epsilon and momentum as in the graph), in PyTorch's
default NCHW layout, so the comparison is the same arithmetic on each side.
"""
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def same_pads(size, k, s, d=1):
    out = math.ceil(size / s)
    total = max(0, (out - 1) * s + (k - 1) * d + 1 - size)
    return total // 2, total - total // 2


class Graph(nn.Module):
    def __init__(self, g):
        super().__init__()
        self.g = g
        self.mods = nn.ModuleDict()
        self.inline_pad = set()
        shapes = {}
        for n in g["nodes"]:
            k, a, key = n["kind"], n["attrs"], n["id"].replace(".", "_")
            ins = [shapes[i] for i in n["inputs"]]
            if k == "input":
                shapes[n["id"]] = list(g["inputShape"])
                continue
            if k in ("conv2d", "depthwiseConv2d"):
                h, w, c = ins[0]
                groups = a.get("groups", 1) if k == "conv2d" else c
                filters = a["filters"] if k == "conv2d" else c * a["depthMultiplier"]
                dil = a.get("dilation", [1, 1])
                pad = 0
                if a["padding"] == "same":
                    pt, pb = same_pads(h, a["kernel"][0], a["strides"][0], dil[0])
                    pl, pr = same_pads(w, a["kernel"][1], a["strides"][1], dil[1])
                    # Symmetric padding goes into the convolution itself (as a PyTorch user writes it).
                    if pt == pb and pl == pr:
                        pad = (pt, pl)
                        self.inline_pad.add(key)
                self.mods[key] = nn.Conv2d(c, filters, a["kernel"], a["strides"], pad, dil, groups, a["useBias"])
                oh, ow = (math.ceil(h / a["strides"][0]), math.ceil(w / a["strides"][1])) if a["padding"] == "same" else (
                    (h - (a["kernel"][0] - 1) * dil[0] - 1) // a["strides"][0] + 1, (w - (a["kernel"][1] - 1) * dil[1] - 1) // a["strides"][1] + 1)
                shapes[n["id"]] = [oh, ow, filters]
            elif k == "dense":
                self.mods[key] = nn.Linear(math.prod(ins[0]), a["units"], a["useBias"])
                shapes[n["id"]] = [a["units"]]
            elif k == "batchNorm":
                self.mods[key] = nn.BatchNorm2d(ins[0][-1], a["epsilon"], 1 - a["momentum"]) if len(ins[0]) == 3 else nn.BatchNorm1d(ins[0][-1], a["epsilon"], 1 - a["momentum"])
                shapes[n["id"]] = ins[0]
            elif k in ("maxPool", "avgPool"):
                h, w, c = ins[0]
                s = a["strides"]
                shapes[n["id"]] = [math.ceil(h / s[0]), math.ceil(w / s[1]), c] if a["padding"] == "same" else [(h - a["pool"][0]) // s[0] + 1, (w - a["pool"][1]) // s[1] + 1, c]
            elif k == "globalAvgPool":
                shapes[n["id"]] = [ins[0][-1]]
            elif k == "flatten":
                shapes[n["id"]] = [math.prod(ins[0])]
            elif k == "concat":
                shapes[n["id"]] = ins[0][:-1] + [sum(s[-1] for s in ins)]
            elif k == "zeroPad":
                h, w, c = ins[0]
                shapes[n["id"]] = [h + a["top"] + a["bottom"], w + a["left"] + a["right"], c]
            else:
                shapes[n["id"]] = ins[0]
        self.shapes = shapes

    def forward(self, x):
        vals = {}
        for n in self.g["nodes"]:
            k, a, key = n["kind"], n["attrs"], n["id"].replace(".", "_")
            ins = [vals[i] for i in n["inputs"]]
            if k == "input":
                y = x
            elif k in ("conv2d", "depthwiseConv2d"):
                t = ins[0]
                if a["padding"] == "same" and key not in self.inline_pad:
                    dil = a.get("dilation", [1, 1])
                    pt, pb = same_pads(t.shape[2], a["kernel"][0], a["strides"][0], dil[0])
                    pl, pr = same_pads(t.shape[3], a["kernel"][1], a["strides"][1], dil[1])
                    if pt or pb or pl or pr:
                        t = F.pad(t, (pl, pr, pt, pb))
                y = self.mods[key](t)
            elif k == "dense":
                y = self.mods[key](ins[0])
            elif k == "batchNorm":
                y = self.mods[key](ins[0])
            elif k == "activation":
                fn = a["fn"]
                y = {"relu": F.relu, "relu6": F.relu6, "hardSwish": F.hardswish, "sigmoid": torch.sigmoid}.get(fn, lambda v: v)(ins[0])
            elif k in ("maxPool", "avgPool"):
                t = ins[0]
                if a["padding"] == "same":
                    pt, pb = same_pads(t.shape[2], a["pool"][0], a["strides"][0])
                    pl, pr = same_pads(t.shape[3], a["pool"][1], a["strides"][1])
                    if pt or pb or pl or pr:
                        t = F.pad(t, (pl, pr, pt, pb), value=-math.inf if k == "maxPool" else 0.0)
                y = F.max_pool2d(t, a["pool"], a["strides"]) if k == "maxPool" else F.avg_pool2d(t, a["pool"], a["strides"])
            elif k == "globalAvgPool":
                y = ins[0].mean(dim=(2, 3))
            elif k == "flatten":
                y = torch.flatten(ins[0], 1)
            elif k == "add":
                y = ins[0]
                for t in ins[1:]:
                    y = y + t
            elif k == "concat":
                y = torch.cat(ins, 1)
            elif k == "zeroPad":
                y = F.pad(ins[0], (a["left"], a["right"], a["top"], a["bottom"]))
            elif k == "zero":
                y = torch.zeros_like(ins[0])
            else:
                y = ins[0]
            vals[n["id"]] = y
        return vals[self.g["output"]]


def main():
    threads, batch, steps = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    for path in sys.argv[4:]:
        with open(path) as f:
            g = json.load(f)
        # The loss applies softmax itself: drop a final softmax node.
        out = next(n for n in g["nodes"] if n["id"] == g["output"])
        if out["kind"] == "activation" and out["attrs"]["fn"] == "softmax":
            g["output"] = out["inputs"][0]
        model = Graph(g)
        h, w, c = g["inputShape"]
        x = torch.randn(batch, c, h, w)
        classes = model.shapes[g["output"]][-1]
        y = torch.randint(0, classes, (batch,))
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

        def step():
            opt.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()

        for _ in range(3):
            step()
        t0 = time.perf_counter()
        for _ in range(steps):
            step()
        ms = (time.perf_counter() - t0) / steps * 1000
        print(json.dumps({"file": path, "msPerStep": ms}), flush=True)


if __name__ == "__main__":
    main()
