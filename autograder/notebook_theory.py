"""Theory text of the course notebooks, per topic, in Korean and English.

The Korean text follows the course notes (``COURSE_NOTES.ko.md``: its terms,
its order); the English is a rendering of it. Each topic has:

- ``ko`` / ``en``: the theory (Markdown);
- ``formulas``: the formulas (Markdown with LaTeX), shared by both languages;
- ``example``: a worked example, plain NumPy that does not call the
  exercises (it runs in the released notebook, where they are still stubs);
- ``plot``: matplotlib code drawing what the notes would draw, or ``None``.

A topic without an entry here still gets a notebook: its module docstring
from ``solutions/`` stands in for the theory (see :func:`theory`).
"""

from __future__ import annotations

THEORY: dict[str, dict[str, str | None]] = {}

THEORY["activations"] = {
    "ko": """\
## 분류함수 (활성화 함수)

층(Layer)은 가중치 합 뒤에 **활성화 함수**를 적용합니다. 비선형 함수가 없으면 층을 아무리 쌓아도 하나의 선형 변환과 같습니다.

- **ReLU** - 음수값은 모두 0 처리 / 양수값은 x = y. 은닉층의 기본 선택입니다.
- **Sigmoid** - 0~1 사이의 확률값 표시 / 기준값 0.5를 설정하면 두 값(이진 분류)으로 나눠 줍니다.
- **tanh** - -1~1 사이의 값, 0을 중심으로 대칭입니다 (RNN의 상태에 쓰입니다).
- **Softmax** - 다중 확률분포 표시 / 다 더하면 1 (여러 클래스 분류의 출력층).

역전파(backward)에서는 위에서 내려온 그래디언트 `dout = dL/dy`를 받아 `dL/dx`를 돌려줍니다 (연쇄 법칙).
수치 안정성: `exp`는 큰 입력에서 오버플로하므로, sigmoid는 `exp(-|x|)`로, softmax는 최댓값을 빼고 계산합니다.
""",
    "en": """\
## Activation functions

A layer applies an **activation function** after its weighted sum. Without a nonlinearity, any stack of layers is one linear map.

- **ReLU** zeroes negative values and passes positive ones unchanged (y = x). The default for hidden layers.
- **Sigmoid** gives a probability between 0 and 1; a threshold of 0.5 splits it into two classes (binary classification).
- **tanh** gives values between -1 and 1, symmetric around 0 (used for the state of RNNs).
- **Softmax** gives a probability distribution over several classes: the outputs add up to 1 (output layer of multi-class classification).

The backward pass receives the upstream gradient `dout = dL/dy` and returns `dL/dx` (chain rule).
Numerical stability: `exp` overflows for large inputs, so sigmoid is computed with `exp(-|x|)` and softmax after subtracting the maximum.
""",
    "formulas": r"""## Formulas

$$\mathrm{relu}(x) = \max(x, 0), \qquad \frac{\partial L}{\partial x} = \frac{\partial L}{\partial y}\,[x > 0]$$

$$\sigma(x) = \frac{1}{1 + e^{-x}} = \begin{cases} \dfrac{1}{1 + e^{-|x|}} & x \ge 0 \\[2mm] \dfrac{e^{-|x|}}{1 + e^{-|x|}} & x < 0 \end{cases},
\qquad \frac{\partial L}{\partial x} = \frac{\partial L}{\partial y}\,\sigma(x)\,(1 - \sigma(x))$$

$$\tanh'(x) = 1 - \tanh^2(x)$$

$$\mathrm{softmax}(x)_i = \frac{e^{x_i - m}}{\sum_j e^{x_j - m}},\ m = \max_j x_j, \qquad
\frac{\partial L}{\partial x_i} = s_i \Big(g_i - \sum_j g_j s_j\Big),\ g = \frac{\partial L}{\partial s}$$
""",
    "example": """\
# Worked example (plain NumPy): softmax of three scores, by hand.
import numpy as np

scores = np.array([2.0, 1.0, 0.1])
shifted = scores - scores.max()          # [0, -1, -1.9]: exp() of these never overflows
p = np.exp(shifted) / np.exp(shifted).sum()
print("softmax:", p.round(4), "sum =", p.sum())
# The same scores shifted by 1000 give the same probabilities; without the shift exp(1000) = inf.
big = scores + 1000
print("shifted by 1000:", (np.exp(big - big.max()) / np.exp(big - big.max()).sum()).round(4))
""",
    "plot": """\
# Activation curves and their derivatives (plain NumPy formulas).
import matplotlib.pyplot as plt
import numpy as np
%matplotlib inline

x = np.linspace(-5, 5, 401)
s = 1 / (1 + np.exp(-x))
curves = {"relu": (np.maximum(x, 0), (x > 0).astype(float)),
          "sigmoid": (s, s * (1 - s)),
          "tanh": (np.tanh(x), 1 - np.tanh(x) ** 2)}
fig, axes = plt.subplots(1, 3, figsize=(12, 3.2))
for ax, (name, (y, dy)) in zip(axes, curves.items()):
    ax.plot(x, y, label=name)
    ax.plot(x, dy, "--", label=f"d {name}/dx")
    ax.axhline(0, color="gray", lw=0.5)
    ax.axvline(0, color="gray", lw=0.5)
    ax.set_title(name)
    ax.legend()
plt.tight_layout()
plt.show()
""",
}

THEORY["losses"] = {
    "ko": """\
## 학습피드백: 손실함수 (Loss Function)

손실함수는 예측이 정답(레이블)에서 얼마나 먼지를 하나의 숫자로 알려 주는 **학습 피드백**입니다. 문제에 따라 고릅니다:

- 2개의 클래스 분류 (확률) - **이진 크로스엔트로피** (`binary_crossentropy`)
- 여러 개의 클래스 분류 (확률) - **범주형 크로스엔트로피** (`categorical_crossentropy`), 레이블이 정수이면 `sparse_categorical_crossentropy`
- 회귀 - **평균 제곱 오차** (MSE, mean squared error)
- 시퀀스(순서 있는) 학습 - **CTC** (Connectionist Temporal Classification): 입력과 레이블의 정렬을 모를 때

Keras는 확률을 `[ε, 1-ε]`(ε = 1e-7)로 잘라(clip) `log(0)`을 피합니다. `from_logits=True`이면 확률 대신 로짓을 받아 안정한 식으로 계산합니다.
이 함수들은 샘플별 손실을 돌려주고, `*_backward`는 배치 평균 손실의 `y_pred`에 대한 그래디언트를 돌려줍니다.
""",
    "en": """\
## Learning feedback: loss functions

A loss function is the **learning feedback**: one number saying how far the predictions are from the targets (labels). It is chosen by the problem:

- two-class classification (probabilities): **binary cross-entropy** (`binary_crossentropy`)
- multi-class classification (probabilities): **categorical cross-entropy** (`categorical_crossentropy`), or `sparse_categorical_crossentropy` when labels are integers
- regression: **mean squared error** (MSE)
- sequence learning: **CTC** (Connectionist Temporal Classification), when the alignment between inputs and labels is unknown

Keras clips probabilities to `[ε, 1-ε]` (ε = 1e-7) to avoid `log(0)`. With `from_logits=True` the losses take logits instead of probabilities and use a stable formula.
These functions return per-sample losses; each `*_backward` returns the gradient of the batch-mean loss with respect to `y_pred`.
""",
    "formulas": r"""## Formulas

$$\mathrm{BCE}(y, p) = -\frac{1}{C}\sum_{c} \big[y_c \log p_c + (1 - y_c)\log(1 - p_c)\big],\quad p \leftarrow \mathrm{clip}(p, \varepsilon, 1-\varepsilon)$$

$$\mathrm{CCE}(y, p) = -\sum_c y_c \log \frac{p_c}{\sum_k p_k}, \qquad \mathrm{MSE}(y, \hat y) = \frac{1}{C}\sum_c (y_c - \hat y_c)^2$$

From logits $z$: $\ \mathrm{BCE} = \max(z, 0) - z\,y + \log(1 + e^{-|z|})$, $\ \mathrm{CCE} = -\sum_c y_c \big(z_c - \operatorname{logsumexp}(z)\big)$.

CTC: $\ -\log \sum_{\pi \in \mathcal{B}^{-1}(l)} \prod_t p_t(\pi_t)$, summed over all alignments $\pi$ that collapse (merge repeats, drop blanks) to the label $l$, computed by the forward (alpha) recursion in log space.
""",
    "example": """\
# Worked example (plain NumPy): cross-entropy of one prediction, by hand.
import numpy as np

y_true = np.array([0.0, 1.0, 0.0])       # class 1
y_pred = np.array([0.1, 0.7, 0.2])       # probabilities
print("categorical cross-entropy:", -np.sum(y_true * np.log(y_pred)))   # = -log(0.7)
# A confident wrong answer costs much more than an unsure one:
for p in (0.7, 0.3, 0.01, 1e-12):
    q = np.clip(p, 1e-7, 1 - 1e-7)       # Keras' clipping keeps the loss finite
    print(f"p(correct class) = {p:<6g} loss = {-np.log(q):.3f}")
""",
    "plot": """\
# Binary cross-entropy as a function of the predicted probability.
import matplotlib.pyplot as plt
import numpy as np
%matplotlib inline

p = np.clip(np.linspace(0, 1, 501), 1e-7, 1 - 1e-7)
plt.figure(figsize=(5, 3.2))
plt.plot(p, -np.log(p), label="y = 1: -log p")
plt.plot(p, -np.log(1 - p), label="y = 0: -log(1 - p)")
plt.ylim(0, 8)
plt.xlabel("predicted probability p")
plt.ylabel("loss")
plt.legend()
plt.show()
""",
}

THEORY["dense"] = {
    "ko": """\
## 완전연결층 (Fully-Connected Layer / Dense Layer)

NN은 **네트워크 층(Layer)**, **입력데이터/레이블**(feature/target), **학습피드백**(손실함수), **진행방식**(옵티마이저)으로 이루어집니다.

- 2D 텐서 `(batch, features)`는 Dense 층으로 처리합니다.
- 층은 **가중치**라는 상태를 가지며, 네트워크가 학습한 지식이 여기에 저장됩니다.
- Dense 층의 출력 유닛 하나하나는 모든 입력의 가중치 합에 편향을 더하고 활성화 함수를 적용한 것입니다.
- Keras의 커널 모양은 `(in, units)`이고, 층은 마지막 축에 작용합니다.
- 중간층 유닛이 충분히 커야 합니다 (작으면 정보 손실이 생김).

역전파에서는 `dout`으로부터 입력, 커널, 편향의 그래디언트를 모두 구합니다. 활성화 함수의 backward는 `activations`에서 쓴 것을 그대로 씁니다.
""",
    "en": """\
## The fully-connected (Dense) layer

A neural network is made of **layers**, **input data and labels** (features/targets), a **learning feedback** (the loss function) and a **way to proceed** (the optimizer).

- A 2D tensor `(batch, features)` is processed by Dense layers.
- A layer has a state, its **weights**: what the network has learned is stored there.
- Each output unit of a Dense layer is a weighted sum of all inputs plus a bias, followed by the activation.
- Keras' kernel has shape `(in, units)`, and the layer acts on the last axis.
- Hidden layers need enough units (too few lose information).

The backward pass computes, from `dout`, the gradients of the input, the kernel and the bias. The activation's backward is the one you wrote in `activations`.
""",
    "formulas": r"""## Formulas

$$z = xW + b, \qquad y = \mathrm{act}(z), \qquad W \in \mathbb{R}^{\text{in} \times \text{units}}$$

$$\frac{\partial L}{\partial z} = \mathrm{act}'\text{-backward}(\mathrm{dout}, z), \quad
\frac{\partial L}{\partial x} = \frac{\partial L}{\partial z} W^\top, \quad
\frac{\partial L}{\partial W} = \sum_{\text{rows}} x^\top \frac{\partial L}{\partial z}, \quad
\frac{\partial L}{\partial b} = \sum_{\text{rows}} \frac{\partial L}{\partial z}$$

(for inputs of rank > 2 the sums run over every axis but the last)
""",
    "example": """\
# Worked example (plain NumPy): a Dense layer of 2 units on a batch of 3.
import numpy as np

x = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 1.0]])     # (batch=3, in=2)
W = np.array([[0.5, -1.0], [0.25, 1.0]])                # (in=2, units=2)
b = np.array([0.1, 0.0])
z = x @ W + b
print("z = x @ W + b:\\n", z)
print("relu(z):\\n", np.maximum(z, 0))
print("parameters:", W.size + b.size, "= in * units + units")
""",
    "plot": None,
}

THEORY["convolution"] = {
    "ko": """\
## CNN: 합성곱 층 (Convolution Layer)

Fully-Connected 층은 입력을 1차원으로 펼치므로 **공간정보가 손실**되어 특징추출과 학습이 비효율적입니다. CNN은 이미지의 공간정보를 유지하며 학습합니다.

- 4D 텐서 `(batch, height, width, channels)` (이미지 데이터)를 처리합니다.
- **필터(Filter) = 커널(Kernel)**: 작은 정사각형 행렬, **공유 파라미터**이며 CNN의 학습 대상입니다 (학습 파라미터가 적음).
- **합성곱**: 필터를 옮겨 가며 입력의 각 부분과 곱해 더한 결과. 입력 채널들의 합이 하나의 **피처맵(Feature Map)** 이 됩니다.
- **채널(Channel)**: 컬러 이미지는 픽셀마다 3개의 실수, 출력 채널 수 = 필터 수.
- **스트라이드(Stride)**: 필터를 옮기는 양.
- **패딩(Padding)**: 출력 크기가 줄지 않도록 0을 둘러 줍니다. Keras `"same"`은 홀수 패딩이면 뒤(아래/오른쪽)에 하나 더 붙입니다.
- **액티베이션맵**: 합성곱 결과에 활성함수를 적용한 것.

Keras(와 TensorFlow)의 합성곱은 사실 **교차상관(cross-correlation)**입니다: 필터를 뒤집지 않습니다.
""",
    "en": """\
## CNN: the convolution layer

A fully-connected layer flattens its input to one dimension, so **spatial information is lost** and feature extraction is inefficient. A CNN keeps and learns from the spatial structure of images.

- It processes 4D tensors `(batch, height, width, channels)` (image data).
- **Filter = kernel**: a small square matrix of **shared parameters**, what a CNN learns (so there are few parameters).
- **Convolution**: the filter slides over the input; at each position the products with the input patch are summed. Summed over the input channels this gives one **feature map**.
- **Channels**: a colour image has 3 numbers per pixel; the output has one channel per filter.
- **Stride**: how far the filter moves each step.
- **Padding**: zeros around the input so the output does not shrink. Keras' `"same"` puts the extra zero of an odd padding after (bottom/right).
- **Activation map**: the convolution's output after the activation function.

Keras' (and TensorFlow's) convolution is really a **cross-correlation**: the filter is not flipped.
""",
    "formulas": r"""## Formulas

$$y_{n,i,j,f} = b_f + \sum_{a=0}^{k_h-1}\sum_{c=0}^{k_w-1}\sum_{m} x_{n,\ i s_h + a d_h - p_{\text{top}},\ j s_w + c d_w - p_{\text{left}},\ m}\; W_{a,c,m,f}$$

Output size: $\ \text{valid}: \left\lfloor \dfrac{n - d(k-1) - 1}{s} \right\rfloor + 1, \qquad \text{same}: \left\lceil \dfrac{n}{s} \right\rceil$,
total padding $\ P = \max\big((\text{out}-1)s + d(k-1) + 1 - n,\ 0\big)$, $\ p_{\text{top}} = \lfloor P/2 \rfloor$.

Backward: $\ \dfrac{\partial L}{\partial W_{a,c,m,f}} = \sum_{n,i,j} x_{n,\dots,m}\, \mathrm{dout}_{n,i,j,f}$, $\ \dfrac{\partial L}{\partial b_f} = \sum_{n,i,j} \mathrm{dout}_{n,i,j,f}$, and $\dfrac{\partial L}{\partial x}$ scatters $\mathrm{dout} \cdot W$ back onto the input positions each output read.
""",
    "example": """\
# Worked example (plain NumPy): a 3x3 vertical-edge filter on a 5x5 image, valid padding, stride 1.
import numpy as np

img = np.zeros((5, 5)); img[:, 2:] = 1.0          # dark left, bright right
k = np.array([[-1.0, 0.0, 1.0]] * 3)               # responds to left-to-right increases
out = np.array([[np.sum(img[i:i + 3, j:j + 3] * k) for j in range(3)] for i in range(3)])
print(out)   # (5 - 3) // 1 + 1 = 3 rows and columns; large where the edge is
""",
    "plot": """\
# A feature map: one image of the course's shapes dataset, one edge filter per colour channel summed.
import matplotlib.pyplot as plt
import numpy as np
%matplotlib inline

try:
    from dlkata.datasets.shapes import generate
    image = generate(1, 0)[0][0]                   # (32, 32, 3) in [0, 1]
except Exception:                                  # without the course's datasets: a drawn square
    image = np.zeros((32, 32, 3)); image[8:24, 8:24] = [0.9, 0.6, 0.1]
sobel = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
h, w, _ = image.shape
fmap = np.zeros((h - 2, w - 2))
for i in range(h - 2):
    for j in range(w - 2):
        fmap[i, j] = np.sum(image[i:i + 3, j:j + 3, :] * sobel[:, :, None])   # summed over channels
fig, axes = plt.subplots(1, 3, figsize=(10, 3.2))
axes[0].imshow(image); axes[0].set_title("input (32x32x3)")
axes[1].imshow(fmap, cmap="RdBu"); axes[1].set_title("feature map (30x30)")
axes[2].imshow(np.maximum(fmap, 0), cmap="gray"); axes[2].set_title("activation map: relu")
for ax in axes:
    ax.axis("off")
plt.show()
""",
}

THEORY["pooling"] = {
    "ko": """\
## 풀링 층 (Pooling Layer)

특징추출(Feature Extraction)은 **Convolution Layer + Pooling Layer**의 반복이고, 클래스분류(Classification)는 **Flatten Layer + Fully-connected Layer**입니다.

- 풀링: Convolution 결과를 줄여(resize) 새 층을 얻습니다 (Max/Min/Average) [크기 감소].
- 창(window)이 각 픽셀을 한 번만 연산한 결과를 출력합니다 (기본 stride = pool_size).
- **학습 파라미터 없음**, 행렬 크기 감소, **채널 수 변경 없음**, 오버피팅 방지.
- Global pooling은 공간 축 전체를 하나로 줄여 `(batch, channels)`를 만듭니다.
- Flatten Layer: 이미지 데이터를 배열 형태로 (batch 축은 유지).

Max pooling의 역전파는 창에서 최댓값이 있던 자리로만 그래디언트를 보냅니다 (동점이면 TensorFlow처럼 첫 번째). Average pooling은 창의 모든 원소에 똑같이 나눠 줍니다 (`"same"` 패딩에서는 실제 원소 수로 나눔).
""",
    "en": """\
## Pooling layers

Feature extraction is a repetition of **convolution + pooling layers**; classification is a **flatten layer + fully-connected layers**.

- Pooling shrinks the convolution output into a new layer (max / min / average) [smaller size].
- The window visits every pixel once (the default stride is the pool size).
- **No trainable parameters**, smaller height and width, **the same number of channels**, less overfitting.
- Global pooling reduces all spatial positions to one: `(batch, channels)`.
- Flatten turns each image into a vector (the batch axis stays).

The backward pass of max pooling sends the gradient only to where the maximum of each window was (the first one on ties, as TensorFlow). Average pooling shares it equally among the window's elements (with `"same"` padding, divided by the number of real elements).
""",
    "formulas": r"""## Formulas

$$\mathrm{max}_{n,i,j,c} = \max_{0 \le a < p_h,\ 0 \le b < p_w} x_{n,\ i s_h + a,\ j s_w + b,\ c}, \qquad
\mathrm{avg}_{n,i,j,c} = \frac{1}{|W_{ij}|}\sum_{(a,b) \in W_{ij}} x_{n,a,b,c}$$

$$\min\text{-pool}(x) = -\max\text{-pool}(-x), \qquad \text{global avg}_{n,c} = \frac{1}{HW}\sum_{i,j} x_{n,i,j,c}$$

Output size as for convolution with kernel $p$ and dilation 1.
""",
    "example": """\
# Worked example (plain NumPy): 2x2 max and average pooling of a 4x4 map.
import numpy as np

fmap = np.array([[1, 3, 2, 0], [4, 6, 1, 1], [0, 2, 5, 7], [1, 1, 8, 2]], dtype=float)
blocks = fmap.reshape(2, 2, 2, 2).swapaxes(1, 2)    # (out_i, out_j, 2, 2)
print("max pool:\\n", blocks.max(axis=(2, 3)))
print("average pool:\\n", blocks.mean(axis=(2, 3)))
""",
    "plot": None,
}

THEORY["text"] = {
    "ko": """\
## 텍스트 벡터화 (Vectorizing Text)

RNN은 텍스트, 시계열, 시퀀스 데이터 처리에 적합합니다. 그 전에 텍스트를 숫자로 바꿔야 합니다.

- **토큰(Token)** - 텍스트를 나누는 단위, **토큰화(Tokenization)** - 텍스트를 토큰으로 나누는 작업.
- **텍스트 벡터화** - 토큰에 수치형 벡터를 연결: 단어/문자/n-gram을 벡터로 변환.
- **N-gram** - 문장에서 추출한 n개(이하)의 연속된 단어 그룹. **Bag-of-Words** - 순서가 없는 토큰의 집합.
- Keras `TextVectorization` 기본값: 소문자로 바꾸고 구두점 제거 → 공백으로 나눔 → 어휘 사전(빈도순, 0번은 `""`, 1번은 `"[UNK]"`).
- 출력 방식: `int`(토큰 번호 시퀀스), `multi_hot`(있음/없음 0 or 1), `count`, `tf_idf`.
- 시퀀스는 같은 길이로 **0 padding 하거나 자릅니다** (`pad_sequences`).
- **One-hot hashing**: 고유 토큰 수가 너무 클 때 해시로 고정된 길이에 담습니다. 메모리 절약, 대신 해시 충돌이 생길 수 있습니다 (Keras `Hashing`은 SipHash).
""",
    "en": """\
## Vectorizing text

RNNs suit text, time series and sequence data. First the text must become numbers.

- **Token**: the unit text is split into; **tokenization**: splitting text into tokens.
- **Text vectorization**: attaching a numeric vector to each token: words, characters or n-grams become vectors.
- **N-gram**: a group of (at most) n consecutive words; **bag-of-words**: a set of tokens without order.
- Keras' `TextVectorization` defaults: lowercase and strip punctuation, split on whitespace, a vocabulary by frequency (index 0 is `""`, 1 is `"[UNK]"`).
- Output modes: `int` (sequences of token ids), `multi_hot` (present or not, 0 or 1), `count`, `tf_idf`.
- Sequences are **padded with 0 or truncated** to one length (`pad_sequences`).
- **One-hot hashing**: when there are too many distinct tokens, a hash maps them into a fixed number of bins: less memory, at the price of hash collisions (Keras' `Hashing` uses SipHash).
""",
    "formulas": r"""## Formulas

$$\text{count}_{d,t} = \#\{\text{token } t \text{ in text } d\}, \qquad \text{multi-hot}_{d,t} = [\text{count}_{d,t} > 0]$$

$$\text{tf-idf}_{d,t} = \text{count}_{d,t} \cdot \mathrm{idf}_t, \qquad \mathrm{idf}_t = \log\Big(1 + \frac{N}{1 + n_t}\Big)$$

($N$ texts, $n_t$ of them containing $t$: Keras' formula.) Hashing: $\ \text{bin}(t) = \mathrm{SipHash}_{k}(t) \bmod \text{num\_bins}$.
""",
    "example": """\
# Worked example (plain Python): standardize, split, count, and build a small vocabulary.
import re
import string
from collections import Counter

texts = ["The cat sat.", "The cat, the HAT!"]
clean = [re.sub(f"[{re.escape(string.punctuation)}]", "", t.lower()) for t in texts]
tokens = [t.split() for t in clean]
counts = Counter(tok for doc in tokens for tok in doc)
vocab = ["", "[UNK]"] + [w for w, _ in sorted(counts.items(), key=lambda kv: -kv[1])]
print(tokens)
print(vocab)
print([[vocab.index(w) for w in doc] for doc in tokens])
print("bigrams:", [" ".join(p) for p in zip(tokens[1], tokens[1][1:])])
""",
    "plot": None,
}

THEORY["embedding"] = {
    "ko": """\
## 단어 임베딩 (Word Embedding)

- One-hot encoding은 고유 토큰 수가 많아지면 쓰기 어렵고 메모리를 많이 씁니다.
- **Word Embedding**은 **밀집 단어 벡터**(word vector): 저차원의 실수형 벡터로 적은 차원에 더 많은 정보를 저장합니다. 데이터로부터 학습됩니다 (역전파로 Embedding 가중치 학습).
- 단어 사이의 의미 관계를 반영합니다 (L2 거리 + 방향).
- **입력**: `(samples, sequence_length)` 2D 정수 텐서 - 모든 시퀀스는 같은 길이로 0 padding 또는 자름.
- **출력**: `(samples, sequence_length, embedding_dimensionality)` 3D 실수 텐서 - RNN 층이나 1D Conv 층에서 처리.
- 임베딩 층은 표(table)에서 행을 찾는 것(lookup)과 같습니다. `mask_zero=True`이면 0번 토큰(패딩)을 가리는 마스크를 만듭니다.
- 역전파: 같은 단어가 여러 번 나오면 그 행의 그래디언트가 **더해집니다**.
""",
    "en": """\
## Word embeddings

- One-hot encoding becomes hard to use with many distinct tokens and takes a lot of memory.
- A **word embedding** is a **dense word vector**: a low-dimensional real vector that stores more information in fewer dimensions. It is learned from data (backpropagation trains the embedding weights).
- It reflects meaning relations between words (L2 distance and direction).
- **Input**: a `(samples, sequence_length)` 2D integer tensor; all sequences are zero-padded or truncated to one length.
- **Output**: a `(samples, sequence_length, embedding_dimensionality)` 3D float tensor, processed by RNN or 1D convolution layers.
- The embedding layer is a row lookup in a table. With `mask_zero=True` it makes a mask hiding token 0 (padding).
- Backward: when a word occurs several times, the gradients of its row **add up**.
""",
    "formulas": r"""## Formulas

$$y_{n,t,:} = E_{\,\mathrm{ids}_{n,t},\,:}, \qquad E \in \mathbb{R}^{V \times D}, \qquad \mathrm{mask}_{n,t} = [\mathrm{ids}_{n,t} \ne 0]$$

$$\frac{\partial L}{\partial E_{v,:}} = \sum_{(n,t)\,:\,\mathrm{ids}_{n,t} = v} \mathrm{dout}_{n,t,:}$$
""",
    "example": """\
# Worked example (plain NumPy): an embedding lookup is fancy indexing; the gradient adds up repeated ids.
import numpy as np

table = np.arange(12.0).reshape(4, 3)          # vocabulary of 4, dimension 3
ids = np.array([[1, 3, 1]])
print(table[ids])                               # (1, 3, 3)
dout = np.ones((1, 3, 3))
dtable = np.zeros_like(table)
np.add.at(dtable, ids, dout)                    # row 1 gets 2, row 3 gets 1
print(dtable)
""",
    "plot": None,
}

THEORY["recurrent"] = {
    "ko": """\
## RNN (Recurrent Neural Network)

- 3D 텐서 `(batch_size, timesteps, input_features)` (시계열 데이터)를 처리합니다.
- 이전 단어를 기억하면서 단어별로 처리합니다: 과거 정보로 상태를 만들고 새 정보로 계속 업데이트합니다.
- 첫 타임스텝의 상태는 **0 벡터**로 초기화하고, 서로 다른 시퀀스 사이에서 재설정합니다.
- 각 스텝: 현재 상태와 입력을 연결하여 출력하고, 그것을 다음 스텝의 상태로 설정합니다.
- **return_sequences**: True - `(batch_size, timesteps, units)` (전체 시퀀스), False - `(batch_size, units)` (마지막 출력).
- **그래디언트 소실 문제** (Vanishing gradient): 긴 시퀀스에서 앞쪽의 영향이 점점 줄어듭니다. 해결: LSTM / GRU.
- **LSTM**: 정보가 컨베이어 벨트(이동 트랙, carry track `c`)를 타고 필요한 시점에 더해져 오래된 신호의 소실을 막습니다. Keras의 게이트 순서는 i, f, c, o.
- **GRU**: LSTM과 같은 원리, 더 간결하고 계산 비용이 덜 듭니다. 게이트 순서 z, r, h; `reset_after=True`(기본)이면 편향이 `(2, 3*units)`.
""",
    "en": """\
## RNNs (recurrent neural networks)

- They process 3D tensors `(batch_size, timesteps, input_features)` (time series).
- They read word by word while remembering the previous words: a state built from the past and updated with each new input.
- The state of the first timestep is the **zero vector**, reset between different sequences.
- Each step combines the current state and the input into an output, which becomes the next step's state.
- **return_sequences**: True gives `(batch_size, timesteps, units)` (the whole sequence), False `(batch_size, units)` (the last output).
- **Vanishing gradient problem**: over long sequences the influence of early steps fades. The fix: LSTM / GRU.
- **LSTM**: information rides a conveyor belt (the carry track `c`) and is added back when needed, so old signals do not vanish. Keras' gate order is i, f, c, o.
- **GRU**: the same idea, simpler and cheaper. Gate order z, r, h; with `reset_after=True` (the default) the bias is `(2, 3*units)`.
""",
    "formulas": r"""## Formulas

SimpleRNN: $\ h_t = \tanh(x_t W + h_{t-1} U + b)$

LSTM: $\ [i, f, g, o] = x_t W + h_{t-1} U + b$, $\ c_t = \sigma(f) \odot c_{t-1} + \sigma(i) \odot \tanh(g)$, $\ h_t = \sigma(o) \odot \tanh(c_t)$

GRU (`reset_after=True`): $\ z = \sigma(x W_z + b^{x}_z + h U_z + b^{h}_z)$, $\ r = \sigma(\dots)$,
$\ \tilde h = \tanh\big(x W_h + b^{x}_h + r \odot (h U_h + b^{h}_h)\big)$, $\ h_t = z \odot h_{t-1} + (1 - z) \odot \tilde h$

Backprop through time: $\ \dfrac{\partial L}{\partial h_{t-1}} = \Big(\dfrac{\partial L}{\partial h_t} \odot (1 - h_t^2)\Big) U^\top$ (SimpleRNN): a product of $T-t$ such factors, which shrinks geometrically (vanishing gradient).
""",
    "example": """\
# Worked example (plain NumPy): a SimpleRNN over 4 steps, state starting at zero.
import numpy as np

rng = np.random.default_rng(0)
x = rng.normal(size=(1, 4, 2))                       # (batch, time, features)
W, U, b = rng.normal(size=(2, 3)), rng.normal(size=(3, 3)) * 0.5, np.zeros(3)
h = np.zeros((1, 3))
for t in range(x.shape[1]):
    h = np.tanh(x[:, t] @ W + h @ U + b)
    print(f"h_{t} =", h.round(3))
""",
    "plot": """\
# The vanishing gradient: |d h_T / d h_t| of a SimpleRNN shrinks as t goes back in time.
import matplotlib.pyplot as plt
import numpy as np
%matplotlib inline

rng = np.random.default_rng(1)
T, units = 30, 8
U = rng.normal(size=(units, units)) * 0.4
x = rng.normal(size=(T, units)) * 0.5
hs = [np.zeros(units)]
for t in range(T):
    hs.append(np.tanh(x[t] + hs[-1] @ U))
g = np.ones(units)                                   # d h_T / d h_T
norms = []
for t in range(T, 0, -1):
    norms.append(np.linalg.norm(g))
    g = (g * (1 - hs[t] ** 2)) @ U.T
plt.figure(figsize=(5, 3.2))
plt.semilogy(range(T, 0, -1), norms, "o-")
plt.xlabel("timestep t")
plt.ylabel("|dh_T / dh_t|")
plt.title("SimpleRNN: vanishing gradient")
plt.show()
""",
}

THEORY["optimizers"] = {
    "ko": """\
## 진행방식: 옵티마이저 (Optimizer)

옵티마이저는 손실의 그래디언트로 가중치를 **어떻게 갱신할지**(진행방식) 정합니다.

- **확률적 경사 하강법 (SGD)** - 미니배치의 그래디언트로 조금씩 내려갑니다. momentum은 이전 방향을 기억하고, nesterov는 한 걸음 앞에서 봅니다.
- **RMSprop** - 그래디언트 제곱의 이동평균으로 나눠 파라미터마다 학습률을 맞춥니다 (Keras 예제의 옵티마이저 기본값).
- **Adam** - momentum(1차 모멘트)과 RMSprop(2차 모멘트)을 합치고 편향 보정을 합니다.
- 옵티마이저의 상태(state: momentum, 이동평균, 스텝 수)는 스텝 사이에 이어집니다.

컴파일(Compile) = Optimizer + Loss + Metrics.
""",
    "en": """\
## How to proceed: optimizers

The optimizer decides **how the weights are updated** from the gradients of the loss.

- **Stochastic gradient descent (SGD)** steps down along the mini-batch gradient. Momentum remembers the previous direction; Nesterov looks one step ahead.
- **RMSprop** divides by a moving average of squared gradients, adapting the learning rate per parameter (the default optimizer of the Keras examples).
- **Adam** combines momentum (first moment) and RMSprop (second moment), with bias correction.
- The optimizer's state (momentum, moving averages, step count) carries over from one step to the next.

Compile = optimizer + loss + metrics.
""",
    "formulas": r"""## Formulas (Keras 3)

SGD with momentum $\mu$: $\ v \leftarrow \mu v - \eta g$, $\ w \leftarrow w + v$ (Nesterov: $w \leftarrow w + \mu v - \eta g$)

RMSprop: $\ a \leftarrow \rho a + (1-\rho) g^2$, $\ w \leftarrow w - \eta\, \dfrac{g}{\sqrt{a + \varepsilon}}$ (centered: $a - \bar g^2$ under the root)

Adam, step $t$: $\ m \leftarrow \beta_1 m + (1-\beta_1) g$, $\ v \leftarrow \beta_2 v + (1-\beta_2) g^2$,
$\ \hat\eta = \eta\,\dfrac{\sqrt{1-\beta_2^t}}{1-\beta_1^t}$, $\ w \leftarrow w - \hat\eta\, \dfrac{m}{\sqrt{v} + \varepsilon}$
""",
    "example": """\
# Worked example (plain NumPy): gradient descent on f(w) = (w - 3)^2, with and without momentum.
import numpy as np

for momentum in (0.0, 0.9):
    w, v = 0.0, 0.0
    for step in range(20):
        g = 2 * (w - 3)
        v = momentum * v - 0.05 * g
        w = w + v
    print(f"momentum {momentum}: w after 20 steps = {w:.4f} (minimum at 3)")
""",
    "plot": None,
}

THEORY["training"] = {
    "ko": """\
## 모델링, 컴파일, 학습 (fit)

- **모델링**: 층을 쌓습니다 - Sequential(직관적) / 함수형 API. 얼마나 많은 층을 쓸지, 각 층에 얼마나 많은 은닉 유닛을 쓸지 정해야 합니다. Keras는 층 호환성(입출력 모양)을 자동으로 맞춰 줍니다.
- **컴파일(Compile)**: Optimizer(옵티마이저) + Loss(손실함수) + Metrics(측정지표).
- **학습(fit)**: feature + label, `batch_size`(처리량), `epochs`(반복). **History** 객체(딕셔너리)를 반환합니다: 에포크마다의 손실과 지표.
- 한 스텝: 미니배치의 순전파 → 손실 → 역전파로 그래디언트 → 옵티마이저로 갱신.
- 검증 데이터(validation_data)의 손실이 올라가기 시작하면 오버피팅입니다.
""",
    "en": """\
## Modelling, compiling, training (fit)

- **Modelling**: stack layers - Sequential (intuitive) or the functional API. You decide how many layers and how many hidden units each. Keras matches the layers' shapes (layer compatibility) automatically.
- **Compile**: optimizer + loss + metrics.
- **Fit**: features + labels, `batch_size` (how many at once), `epochs` (repetitions). It returns a **History** object (a dictionary): the loss and metrics of every epoch.
- One step: forward pass of a mini-batch, loss, backward pass for the gradients, optimizer update.
- When the loss on the validation data starts to rise, the model is overfitting.
""",
    "formulas": r"""## Formulas

Per epoch, for each mini-batch $B$ (in order, `shuffle=False`): $\ \theta \leftarrow \mathrm{opt}\big(\theta,\ \nabla_\theta \tfrac{1}{|B|}\textstyle\sum_{n \in B} L(y_n, f_\theta(x_n))\big)$

History `loss` of an epoch: the mean of the batch losses weighted by batch size; `accuracy`: the fraction of correct predictions over the epoch. Parameters of a Dense layer: $\text{in}\cdot\text{units} + \text{units}$; of a Conv2D: $k_h k_w\, c_{\text{in}}\, f + f$.
""",
    "example": """\
# Worked example (plain NumPy): count the parameters of a small Sequential model by hand.
layers = [("dense", 784, 64), ("dense", 64, 64), ("dense", 64, 10)]
total = 0
for kind, n_in, units in layers:
    n = n_in * units + units
    total += n
    print(f"{kind} {n_in}->{units}: {n} parameters")
print("total:", total)
""",
    "plot": """\
# Loss curves: logistic regression on two Gaussian blobs, trained with plain NumPy mini-batch SGD.
import matplotlib.pyplot as plt
import numpy as np
%matplotlib inline

rng = np.random.default_rng(0)
x = np.concatenate([rng.normal(-1, 1.2, (200, 2)), rng.normal(1, 1.2, (200, 2))])
y = np.concatenate([np.zeros(200), np.ones(200)])
order = rng.permutation(400)
x, y = x[order], y[order]
xt, yt, xv, yv = x[:300], y[:300], x[300:], y[300:]
w, b = np.zeros(2), 0.0

def bce(xx, yy):
    p = np.clip(1 / (1 + np.exp(-(xx @ w + b))), 1e-7, 1 - 1e-7)
    return -np.mean(yy * np.log(p) + (1 - yy) * np.log(1 - p))

history = {"loss": [], "val_loss": []}
for epoch in range(30):
    for s in range(0, 300, 32):
        xb, yb = xt[s:s + 32], yt[s:s + 32]
        p = 1 / (1 + np.exp(-(xb @ w + b)))
        w -= 0.1 * xb.T @ (p - yb) / len(yb)
        b -= 0.1 * np.mean(p - yb)
    history["loss"].append(bce(xt, yt))
    history["val_loss"].append(bce(xv, yv))
plt.figure(figsize=(5, 3.2))
plt.plot(history["loss"], label="loss")
plt.plot(history["val_loss"], label="val_loss")
plt.xlabel("epoch")
plt.legend()
plt.show()
""",
}

THEORY["transfer"] = {
    "ko": """\
## 전이학습 (Transfer Learning)

- **사전훈련된 네트워크**(Pretrained Network): 큰 데이터셋(예: ImageNet, 1400만 개 레이블된 이미지 + 1000개 클래스)으로 학습된 모델 (VGG16 등). 이 과정에서는 저장소에 들어 있는 작은 합성곱 신경망을 씁니다.
- **특성추출**(Feature Extraction): 사전훈련된 네트워크로 특성을 추출합니다 (일반적 특징). 하위층은 일반적인 특성 맵, 상위층은 추상적 개념(고양이 귀 등)을 추출합니다. Classifier만 새로 훈련합니다.
  1. 네트워크의 출력을 numpy 배열로 저장 → Fully-Connected Classifier에 직접 입력.
  2. 네트워크 위에 Dense 층을 추가: **conv_base 동결 필수** (`conv_base.trainable = False`), 동결 후 compile.
- **미세조정**(Fine Tuning): conv_base 상위층 몇 개의 동결을 해제하고 Classifier와 함께 훈련합니다. 훈련할 파라미터가 많아지면 오버피팅 위험이 커집니다.
""",
    "en": """\
## Transfer learning

- A **pretrained network** was trained on a large dataset (e.g. ImageNet: 14 million labelled images, 1000 classes), such as VGG16. This course uses the small convnet shipped in the repository.
- **Feature extraction**: the pretrained network extracts features (general ones). Lower layers give general feature maps, upper layers abstract concepts (a cat's ear). Only a new classifier is trained.
  1. Save the network's outputs as NumPy arrays and feed them to a fully-connected classifier.
  2. Add Dense layers on top of the network: **freezing the conv base is required** (`conv_base.trainable = False`), then compile.
- **Fine-tuning**: unfreeze a few top layers of the conv base and train them with the classifier. More trainable parameters mean a larger risk of overfitting.
""",
    "formulas": r"""## Formulas

Trainable parameters with the first $k$ layers frozen: $\ \sum_{\ell > k} |\theta_\ell|$. A frozen layer's weights get no update: $\ \theta_\ell \leftarrow \theta_\ell$ for $\ell \le k$, while the gradient still flows through it to the layers below only if they are trainable.
""",
    "example": """\
# Worked example (plain Python): trainable parameters when the convolutional base is frozen.
layers = [("conv2d", 3 * 3 * 3 * 16 + 16), ("conv2d", 3 * 3 * 16 * 32 + 32), ("dense", 32 * 4 + 4)]
for frozen in range(len(layers) + 1):
    trainable = sum(n for i, (_, n) in enumerate(layers) if i >= frozen)
    print(f"first {frozen} layers frozen: {trainable} trainable parameters")
""",
    "plot": """\
# Trainable parameters of the course's shipped convnet as more of its layers are frozen.
import json
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
%matplotlib inline

try:
    import dlkata.datasets
    folder = Path(dlkata.datasets.__file__).parent / "convnet"
    names = [l.get("name", l["type"]) for l in json.loads((folder / "model.json").read_text())["spec"]["layers"]]
    with np.load(folder / "weights.npz") as w:      # keys "<layer index>/<weight index>"
        counts = [sum(w[k].size for k in w.files if k.split("/")[0] == str(i)) for i in range(len(names))]
except Exception:                                  # without the course's files: a made-up network
    names, counts = ["conv1", "conv2", "pool", "dense"], [224, 1168, 0, 132]
trainable = [sum(counts[k:]) for k in range(len(names) + 1)]
plt.figure(figsize=(8, 3.2))
plt.bar(range(len(trainable)), trainable)
plt.xticks(range(len(trainable)), ["none"] + [f"..{n}" for n in names], rotation=30)
plt.xlabel("layers frozen (from the input up to)"); plt.ylabel("trainable parameters")
plt.title("freezing the base leaves only the top to train")
plt.tight_layout(); plt.show()
""",
}

THEORY["visualization"] = {
    "ko": """\
## 합성곱 신경망 시각화 (Convnet Visualization)

- **필터 시각화**: 필터가 반응하는 시각적 패턴을 그립니다. 필터 응답을 최대화하도록 입력 이미지에 **경사 상승법**을 적용합니다.
- **클래스 활성화 히트맵** (Class Activation Map, CAM): 이미지의 어느 부분이 최종 분류 결정에 기여하는지 확인합니다. 이미지에서 특정 물체의 위치를 파악하는 데에도 쓸 수 있습니다.
- **Grad-CAM**: 마지막 합성곱 층의 피처맵에, 클래스 점수의 그 피처맵에 대한 그래디언트의 공간 평균을 채널 가중치로 곱해 더하고, ReLU를 적용한 뒤 [0, 1]로 정규화합니다.
""",
    "en": """\
## Convnet visualization

- **Filter visualization**: draw the visual pattern a filter responds to, by **gradient ascent** on the input image to maximize the filter's response.
- **Class activation heatmaps** (CAM): see which parts of an image contributed to the final classification; also useful to locate an object in the image.
- **Grad-CAM**: weight the feature maps of the last convolution layer by the spatial mean of the class score's gradient with respect to them, sum over channels, apply ReLU and normalize to [0, 1].
""",
    "formulas": r"""## Formulas

$$\alpha_k = \frac{1}{HW}\sum_{i,j} \frac{\partial y^{c}}{\partial A^{k}_{ij}}, \qquad
\mathrm{CAM}_{ij} = \frac{\mathrm{relu}\big(\sum_k \alpha_k A^k_{ij}\big)}{\max_{i,j} \mathrm{relu}\big(\sum_k \alpha_k A^k_{ij}\big)}$$

Gradient ascent on the input: $\ x \leftarrow x + \eta\, \dfrac{\nabla_x \bar a_f(x)}{\lVert \nabla_x \bar a_f(x) \rVert}$, with $\bar a_f$ the mean activation of filter $f$.
""",
    "example": """\
# Worked example (plain NumPy): Grad-CAM's last steps on made-up feature maps and gradients.
import numpy as np

rng = np.random.default_rng(0)
A = rng.random((4, 4, 3))                         # feature maps (h, w, channels)
grads = rng.normal(size=(4, 4, 3))                 # d score / d A
alpha = grads.mean(axis=(0, 1))                    # one weight per channel
cam = np.maximum((A * alpha).sum(axis=-1), 0)
print((cam / cam.max() if cam.max() > 0 else cam).round(2))
""",
    "plot": """\
# How a Grad-CAM heatmap is laid over its image: the coarse map (one value per cell of the last
# convolution's output) is enlarged to the image's size and drawn translucent on top. The map here
# is made up (bright where the shape is); `dlkata show gradcam` draws real ones from your grad_cam.
import matplotlib.pyplot as plt
import numpy as np
%matplotlib inline

try:
    from dlkata.datasets.shapes import generate
    image = generate(1, 0)[0][0]                   # (32, 32, 3) in [0, 1]
except Exception:
    image = np.zeros((32, 32, 3)); image[8:24, 8:24] = [0.9, 0.6, 0.1]
cells = image.max(axis=-1).reshape(8, 4, 8, 4).mean(axis=(1, 3))   # an 8x8 map of the bright cells
cam = np.maximum(cells - cells.mean(), 0)
cam = cam / cam.max() if cam.max() > 0 else cam
big = np.kron(cam, np.ones((4, 4)))                 # nearest-neighbour enlargement to 32x32
fig, axes = plt.subplots(1, 3, figsize=(10, 3.2))
axes[0].imshow(image); axes[0].set_title("image")
axes[1].imshow(cam, cmap="jet"); axes[1].set_title("heatmap (8x8)")
axes[2].imshow(image); axes[2].imshow(big, cmap="jet", alpha=0.45); axes[2].set_title("overlay")
for ax in axes:
    ax.axis("off")
plt.show()
""",
}


def theory(topic: str, module_doc: str = "") -> dict[str, str | None]:
    """The theory of ``topic``; a topic without an entry gets its module docstring in both languages."""
    if topic in THEORY:
        return THEORY[topic]
    doc = module_doc.strip() or topic
    return {"ko": f"## {topic}\n\n{doc}\n", "en": f"## {topic}\n\n{doc}\n", "formulas": None,
            "example": None, "plot": None}
